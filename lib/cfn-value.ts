/** CloudFormation values as text, the way cdk-nag names resources in its findings. */

/**
 * A resolved CloudFormation value as text: a Ref as `<Name>`, an Fn::GetAtt as `<Id.Attr>`,
 * an Fn::Join joined, and anything else as its JSON.
 */
export function renderCfnValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.Ref === 'string') return `<${o.Ref}>`;
    if (Array.isArray(o['Fn::GetAtt'])) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
    if (Array.isArray(o['Fn::Join'])) {
      const [separator, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(renderCfnValue).join(separator);
    }
  }
  return JSON.stringify(value);
}
