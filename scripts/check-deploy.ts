/**
 * `npm run check:deploy`: the deploy checklist (lib/deploy-checks.ts) on the templates in cdk.out,
 * offline. Run it after `npm run synth`; it exits 1 on any finding, naming the stack and resource.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkTemplate, DEPLOY_CHECKS, type TemplateJson } from '../lib/deploy-checks';

const out = process.argv[2] ?? 'cdk.out';
const manifestFile = join(out, 'manifest.json');
if (!existsSync(manifestFile)) {
  console.error(`${manifestFile} not found: run npm run synth first`);
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
  artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
};
const stacks = Object.entries(manifest.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack');
let findings = 0;
for (const [name, artifact] of stacks) {
  const template = JSON.parse(
    readFileSync(join(out, artifact.properties?.templateFile ?? `${name}.template.json`), 'utf8'),
  ) as TemplateJson;
  for (const finding of checkTemplate(template)) {
    findings++;
    console.error(`${name} ${finding.resource} [${finding.check}]: ${finding.message}`);
  }
}
if (!stacks.length) {
  console.error(`no stack templates in ${out}`);
  process.exit(2);
}
console.log(
  `check:deploy: ${findings} findings in ${stacks.length} templates (${DEPLOY_CHECKS.map((c) => c.name).join(', ')})`,
);
process.exit(findings ? 1 : 0);
