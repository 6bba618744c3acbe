/**
 * Latency-routed DNS for one region's API: a certificate, the regional custom
 * domain mapped to the API, a health check on the region's own /health, and a
 * latency record that Route 53 stops answering with while the region is unhealthy.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { ApiMapping, DomainName, type IHttpApi, type IStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate, CertificateValidation } from 'aws-cdk-lib/aws-certificatemanager';
import {
  ARecord,
  HealthCheck,
  HealthCheckType,
  type IHostedZone,
  RecordTarget,
} from 'aws-cdk-lib/aws-route53';
import { ApiGatewayv2DomainProperties } from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';

export interface LatencyRoutingProps {
  /** This region's API, which the custom domain maps to and the health check probes. */
  readonly httpApi: IHttpApi;
  /** The API's stage the domain maps to. */
  readonly stage: IStage;
  /** The shared API name (inside the zone), answered by the nearest healthy region. */
  readonly domainName: string;
  /** The zone that holds the latency records and validates the certificate. */
  readonly hostedZone: IHostedZone;
  /**
   * Whether this region's stack writes the certificate's DNS validation record. ACM gives every
   * region's certificate for the same name the same record: one stack owns it (the one deployed
   * first), the others' certificates validate against it, so deleting a region breaks no renewal.
   */
  readonly ownsValidationRecord: boolean;
}

/** One region's part of the latency-routed API name: certificate, domain, health check, record. */
export class LatencyRouting extends Construct {
  readonly healthCheck: HealthCheck;
  readonly record: ARecord;

  constructor(scope: Construct, id: string, props: LatencyRoutingProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    const zone = props.hostedZone;
    const certificate = new Certificate(this, 'Certificate', {
      domainName: props.domainName,
      validation: props.ownsValidationRecord
        ? CertificateValidation.fromDns(zone)
        : CertificateValidation.fromDns(),
    });
    const apiDomain = new DomainName(this, 'ApiDomain', { domainName: props.domainName, certificate });
    new ApiMapping(this, 'ApiMapping', { api: props.httpApi, domainName: apiDomain, stage: props.stage });
    // Checks this region's own endpoint: the shared name could answer from the other region.
    this.healthCheck = new HealthCheck(this, 'HealthCheck', {
      type: HealthCheckType.HTTPS,
      fqdn: `${props.httpApi.apiId}.execute-api.${region}.${Stack.of(this).urlSuffix}`,
      resourcePath: '/health',
      port: 443,
      requestInterval: Duration.seconds(30),
      failureThreshold: 3,
    });
    this.record = new ARecord(this, 'LatencyRecord', {
      zone,
      recordName: props.domainName,
      target: RecordTarget.fromAlias(
        new ApiGatewayv2DomainProperties(apiDomain.regionalDomainName, apiDomain.regionalHostedZoneId),
      ),
      region,
      setIdentifier: region,
      healthCheck: this.healthCheck,
    });
  }
}
