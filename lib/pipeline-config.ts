/**
 * The OpenSearch Ingestion pipeline for one region: the DynamoDB source (an
 * initial export through S3, then the stream), only hotel items, closed hotels
 * deleted, documents keyed by the item's primary key with external versions,
 * the shared index definition as index template, and a dead-letter bucket.
 */
import { stringify } from 'yaml';
import { HOTEL_INDEX_BODY, SEARCH_DOCUMENT_ID_EXPRESSION } from '../lambdas/adapters/search/index-definition';
import { HOTEL_INDEX } from '../lambdas/infrastructure-contract';

export interface PipelineConfigInput {
  readonly region: string;
  readonly tableArn: string;
  readonly exportBucket: string;
  readonly dlqBucket: string;
  readonly domainEndpoint: string;
  readonly roleArn: string;
}

/**
 * Attributes of a hotel item that the index does not need (the mapping ignores them anyway); `pk` stays, as
 * the document id, and `ownerId` stays, as the filter of a hotelier's own list.
 */
const STORAGE_ONLY = [
  'sk',
  'entity',
  'ownerPk',
  'ownerSk',
  'description',
  'roomTypeCount',
  'version',
  'writtenBy',
  'writtenAt',
  'createdAt',
  'updatedAt',
  'handover',
];

/** The pipeline's id inside its configuration, which prefixes the names of its metrics. */
export const PIPELINE_ID = 'hotels-pipeline';

/** The pipeline configuration as a plain object (stringified to YAML by `pipelineYaml`). */
export function pipelineDefinition(input: PipelineConfigInput) {
  const aws = { sts_role_arn: input.roleArn, region: input.region };
  return {
    version: '2',
    [PIPELINE_ID]: {
      source: {
        dynamodb: {
          tables: [
            {
              table_arn: input.tableArn,
              export: { s3_bucket: input.exportBucket, s3_region: input.region, s3_prefix: 'export/' },
              // Deletes arrive with the old image, so they still carry what identifies a hotel.
              stream: { start_position: 'LATEST', view_on_remove: 'OLD_IMAGE' },
            },
          ],
          // The source waits for the sink to confirm each batch before it moves past it (checkpoints
          // only after OpenSearch has the documents), so a failed write is retried, not skipped.
          acknowledgments: true,
          aws,
        },
      },
      processor: [
        // Only hotel items are searchable; room types, nights and bookings never leave the table.
        { drop_events: { drop_when: '/sk != "HOTEL"' } },
        // A hotel being deleted (CLOSING) leaves search at once.
        {
          add_entries: {
            entries: [
              {
                metadata_key: 'opensearch_action',
                value: 'delete',
                overwrite_if_key_exists: true,
                add_when: '/status != "ACTIVE"',
              },
            ],
          },
        },
        { delete_entries: { with_keys: STORAGE_ONLY } },
      ],
      sink: [
        {
          opensearch: {
            hosts: [`https://${input.domainEndpoint}`],
            index: HOTEL_INDEX,
            index_type: 'custom',
            // One document per hotel, under the id the adapter's index()/remove() use too, newest version wins.
            document_id: SEARCH_DOCUMENT_ID_EXPRESSION,
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a Data Prepper expression, not a JS template
            action: '${getMetadata("opensearch_action")}',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a Data Prepper expression, not a JS template
            document_version: '${getMetadata("document_version")}',
            document_version_type: 'external',
            template_type: 'index-template',
            template_content: JSON.stringify({ index_patterns: [HOTEL_INDEX], template: HOTEL_INDEX_BODY }),
            dlq: {
              s3: {
                bucket: input.dlqBucket,
                key_path_prefix: 'hotels-dlq/',
                region: input.region,
                sts_role_arn: input.roleArn,
              },
            },
            aws,
          },
        },
      ],
    },
  };
}

/**
 * The pipeline configuration body, in YAML. Shared objects (the `aws` block) are written out in
 * full: OSIS documents no support for YAML anchors and aliases, which `yaml` would emit for them.
 */
export function pipelineYaml(input: PipelineConfigInput): string {
  return stringify(pipelineDefinition(input), { lineWidth: 0, aliasDuplicateObjects: false });
}
