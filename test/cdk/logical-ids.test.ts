/**
 * Logical ids that must never change. A new logical id makes CloudFormation create a new
 * resource and drop the old one: data, users, search or logs would be left behind (or lost),
 * and a resource with a fixed name cannot be replaced at all (the new one's name is taken).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { REGIONS, type Region } from '../../lambdas/domain/regions';
import { BASE, resourcesOf, synthTemplates } from './support';

/** Every region's stack holds these. */
const EVERY_REGION: Record<string, string> = {
  AccessLogs8B620ECA: 'AWS::S3::Bucket',
  NetworkVpc7FB7348F: 'AWS::EC2::VPC',
  NetworkFlowLogs2BEC3212: 'AWS::Logs::LogGroup',
  SearchDomain62FD613E: 'AWS::OpenSearchService::Domain',
  SearchExportBucketA1991A7A: 'AWS::S3::Bucket',
  SearchDeadLetterBucketF743EAE3: 'AWS::S3::Bucket',
  SearchPipelineD9063298: 'AWS::OSIS::Pipeline',
  SearchSlowSearchLogs16E0407F: 'AWS::Logs::LogGroup',
  SearchAppLogs6B800BF9: 'AWS::Logs::LogGroup',
  SearchSlowIndexLogs2BFF44D6: 'AWS::Logs::LogGroup',
  SearchPipelineLogsEBE4F3D6: 'AWS::Logs::LogGroup',
  SearchAccessMapperLogsE2A9DD04: 'AWS::Logs::LogGroup',
  ApiPublicApiLogsEC96896B: 'AWS::Logs::LogGroup',
  ApiManageApiLogs52C9A538: 'AWS::Logs::LogGroup',
  ApiAdminApiLogsB5B6B1C2: 'AWS::Logs::LogGroup',
  ApiForwardReceiverLogsC587AA4E: 'AWS::Logs::LogGroup',
  ApiAccessLogs50B185DB: 'AWS::Logs::LogGroup',
  ApiForwardReceiver4A09D4F3: 'AWS::Lambda::Function',
  ReconcileLogsDE13217A: 'AWS::Logs::LogGroup',
  EventsBus45DE4339: 'AWS::Events::EventBus',
  EventsArchive5A2DBDD8: 'AWS::Events::Archive',
  EventsDeadLetters8A90034E: 'AWS::SQS::Queue',
  EventsEventLogA6445CC3: 'AWS::Logs::LogGroup',
  EventsPublisherLogs28E3E3E9: 'AWS::Logs::LogGroup',
  GuestMessagesOutboxDFF88613: 'AWS::DynamoDB::Table',
  GuestMessagesDeadLetters509D106F: 'AWS::SQS::Queue',
  GuestMessagesWriterLogs6F846974: 'AWS::Logs::LogGroup',
  LookupAttemptsTableF1F2A981: 'AWS::DynamoDB::Table',
};

const PINNED: Record<Region, Record<string, string>> = {
  'us-east-1': {
    ...EVERY_REGION,
    DataTableFDBAD0F2: 'AWS::DynamoDB::GlobalTable',
    HoteliersUserPoolD3A5E697: 'AWS::Cognito::UserPool',
    HoteliersUserPoolHostedUi6FF86678: 'AWS::Cognito::UserPoolDomain',
    HoteliersIssuerParameterEAF46159: 'AWS::SSM::Parameter',
    HoteliersAudienceParameterC043492B: 'AWS::SSM::Parameter',
    WebSiteBucket1E6F6F45: 'AWS::S3::Bucket',
    SiteUrlParameter66DC3B26: 'AWS::SSM::Parameter',
    CursorKeySecretDE646DBA: 'AWS::SecretsManager::Secret',
  },
  'ap-southeast-1': EVERY_REGION,
};

/** The property that gives a resource of these types a fixed name. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::OSIS::Pipeline': 'PipelineName',
  'AWS::SSM::Parameter': 'Name',
  'AWS::Cognito::UserPoolDomain': 'Domain',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::Events::EventBus': 'Name',
  'AWS::SecretsManager::Secret': 'Name',
};

let templates: ReturnType<typeof synthTemplates>;
beforeAll(() => {
  templates = synthTemplates(BASE);
});

describe('stable logical ids of stateful and named resources', () => {
  for (const region of REGIONS) {
    it(`${region}: every pinned resource is still there, under its logical id and type`, () => {
      const resources = resourcesOf(templates[region]);
      for (const [id, type] of Object.entries(PINNED[region])) expect(resources[id]?.Type, id).toBe(type);
    });

    it(`${region}: every retained, stateful or named resource is pinned (a new one must be added above)`, () => {
      const kept = Object.entries(resourcesOf(templates[region]))
        .filter(([, r]) => {
          const policy = (r as { DeletionPolicy?: string }).DeletionPolicy;
          const retained = policy === 'Retain' || policy === 'RetainExceptOnCreate';
          const named =
            NAME_PROPERTY[r.Type] !== undefined && r.Properties?.[NAME_PROPERTY[r.Type] as string];
          return retained || named || r.Type === 'AWS::EC2::VPC';
        })
        .map(([id]) => id);
      expect(kept.sort()).toEqual(Object.keys(PINNED[region]).sort());
    });
  }
});
