/**
 * The deployment's cursor key: a random secret every API function reads once per
 * container, to seal and open the cursors it hands out (an HMAC), so that nobody
 * outside the deployment can make one. Generated in the primary region and
 * replicated to the others under the same name: a cursor from one region pages on
 * in another (latency routing may move a traveller between pages).
 */
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge';

export interface CursorKeyProps {
  /** The secret's name, the same in every region. */
  readonly secretName: string;
  /** True in the region that generates it. */
  readonly primary: boolean;
  /** The regions it is replicated to (from the primary). */
  readonly replicaRegions: readonly string[];
}

/** The cursor key's secret in this region (generated here, or the primary's replica). */
export class CursorKey extends Construct {
  readonly secret: ISecret;

  constructor(scope: Construct, id: string, props: CursorKeyProps) {
    super(scope, id);
    if (!props.primary) {
      this.secret = Secret.fromSecretNameV2(this, 'Replica', props.secretName);
      return;
    }
    const secret = new Secret(this, 'Secret', {
      secretName: props.secretName,
      description: "Seals the API's paging cursors (HMAC key); replaced, it only ends the cursors open then.",
      // 64 letters and digits: about 380 bits, read as base64url bytes by the functions.
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      replicaRegions: props.replicaRegions.map((region) => ({ region })),
    });
    acknowledge(secret, {
      'AwsSolutions-SMG4':
        'A cursor key needs no rotation schedule: it signs paging positions that live for minutes, and replacing it only makes open cursors a 400.',
    });
    this.secret = secret;
  }
}
