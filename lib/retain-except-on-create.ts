/**
 * Every resource a stack keeps when it is deleted is still dropped when its own creation rolls
 * back (`RetainExceptOnCreate`). A failed first deploy then leaves nothing behind, no fixed-name
 * table or log group and no billing domain, that makes the next deploy fail with "already exists".
 */
import { CfnDeletionPolicy, CfnResource, type IAspect } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Turns every `Retain` deletion policy into `RetainExceptOnCreate` (the update-replace policy stays). */
export class RetainExceptOnCreate implements IAspect {
  /** Rewrites one resource's deletion policy when it is `Retain`. */
  visit(node: IConstruct): void {
    if (CfnResource.isCfnResource(node) && node.cfnOptions.deletionPolicy === CfnDeletionPolicy.RETAIN)
      node.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE;
  }
}
