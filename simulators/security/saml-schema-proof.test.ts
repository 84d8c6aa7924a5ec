/**
 * Schema proof: the signed HCP and TRC assertions the provider issues validate against the OASIS
 * SAML 2.0 assertion schema (with XML-DSig) in ../shared/schemas, checked by xmllint; an
 * assertion with its elements out of schema order does not, so the check can fail.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { peerDescribe } from '../../test/interop/require-peer.ts';
import { SHARED_SCHEMAS, schemasAvailable, xmllint } from '../../test/schema-check.ts';
import { createAssertionProvider } from './assertion-provider.ts';
import { assertionsOf, createSecurityFixture, PATIENT, type SecurityFixture } from './test-fixture.ts';

const SAML_SCHEMA = join(SHARED_SCHEMAS, 'saml', 'sstc-saml-schema-assertion-2.0.xsd');
const describeWithXmllint = await peerDescribe('xmllint + ../shared/schemas/saml', async () => existsSync(SAML_SCHEMA) && (await schemasAvailable()));

describeWithXmllint('eHDSI assertions validate against the SAML 2.0 schema', () => {
  let f: SecurityFixture;
  let dir: string;
  beforeAll(async () => {
    f = await createSecurityFixture();
    dir = await mkdtemp(join(tmpdir(), 'ixh-saml-schema-'));
  });
  afterAll(async () => {
    await f.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('the signed HCP and TRC assertions validate; an out-of-order one does not', async () => {
    const provider = createAssertionProvider({ signer: f.signer });
    const [hcp, trc] = assertionsOf(await provider.securityHeader({ purposeOfUse: 'EMERGENCY', patientId: PATIENT }));
    const files = { hcp: join(dir, 'hcp.xml'), trc: join(dir, 'trc.xml'), broken: join(dir, 'broken.xml') };
    await writeFile(files.hcp, hcp!);
    await writeFile(files.trc, trc!);
    // Advice after AuthnStatement breaks the schema's sequence.
    const advice = /<saml2:Advice>[\s\S]*?<\/saml2:Advice>/.exec(trc!)![0];
    await writeFile(files.broken, trc!.replace(advice, '').replace('</saml2:AuthnStatement>', `</saml2:AuthnStatement>${advice}`));

    const good = await xmllint(SAML_SCHEMA, [files.hcp, files.trc]);
    expect(good.problems).toEqual([]);
    expect(good.exitCode).toBe(0);
    const bad = await xmllint(SAML_SCHEMA, [files.broken]);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.problems.join('\n')).toMatch(/Advice/);
  });
});
