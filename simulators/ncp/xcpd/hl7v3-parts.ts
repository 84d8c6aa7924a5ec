/**
 * Small HL7 v3 building blocks shared by the XCPD request and response: instance identifiers,
 * sender/receiver devices carrying the homeCommunityId (ITI TF-2 §3.55.4.1.2), and strict readers
 * that name the missing part when a message is incomplete.
 */
import { NS } from '../../soap/namespaces.ts';
import { attr, element, elements, textOf, type XmlElement } from '../../soap/xml-tree.ts';
import { el, type XmlOut } from '../../soap/xml-write.ts';

/** An HL7 v3 II: `root` is an OID or UUID, `extension` an identifier within it. */
export interface InstanceId {
  readonly root: string;
  readonly extension?: string;
}

export interface MessageDevice {
  /** Device id root (an OID) of the sending or receiving system. */
  readonly deviceOid: string;
  /** `urn:oid:…`; carried as device/asAgent/representedOrganization/id/@root (bare OID). */
  readonly homeCommunityId?: string;
}

/** A message or part of one that cannot be read; the message names the missing or wrong part. */
export class XcpdMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XcpdMessageError';
  }
}

const V3 = NS.hl7;

export function ii(name: string, id: InstanceId): XmlOut {
  return el(name, { root: id.root, extension: id.extension });
}

export function bareOid(homeCommunityId: string): string {
  return homeCommunityId.replace(/^urn:oid:/i, '');
}

export function urnOid(oid: string): string {
  return /^urn:oid:/i.test(oid) ? oid : `urn:oid:${oid}`;
}

/** `receiver` or `sender` with its device (MCCI_MT000100UV01 / MCCI_MT000300UV01). */
export function deviceElement(name: 'receiver' | 'sender', device: MessageDevice): XmlOut {
  return el(
    name,
    { typeCode: name === 'receiver' ? 'RCV' : 'SND' },
    el(
      'device',
      { classCode: 'DEV', determinerCode: 'INSTANCE' },
      el('id', { root: device.deviceOid }),
      device.homeCommunityId !== undefined &&
        el('asAgent', { classCode: 'AGNT' }, el('representedOrganization', { classCode: 'ORG', determinerCode: 'INSTANCE' }, el('id', { root: bareOid(device.homeCommunityId) }))),
    ),
  );
}

/** The child at `path` (all in the HL7 v3 namespace), or undefined. */
export function at(parent: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let current = parent;
  for (const local of path) {
    if (!current) return undefined;
    current = element(current, V3, local);
  }
  return current;
}

/** The child at `path`, or an `XcpdMessageError` naming where it should be. */
export function need(parent: XmlElement, where: string, ...path: string[]): XmlElement {
  const found = at(parent, ...path);
  if (!found) throw new XcpdMessageError(`${where}/${path.join('/')} is missing`);
  return found;
}

export function all(parent: XmlElement | undefined, local: string): XmlElement[] {
  return parent ? elements(parent, V3, local) : [];
}

export function readInstanceId(e: XmlElement, where: string): InstanceId {
  const root = attr(e, 'root');
  if (!root) throw new XcpdMessageError(`${where} has no @root`);
  const extension = attr(e, 'extension');
  return { root, ...(extension !== undefined && { extension }) };
}

export function readDevice(parent: XmlElement, name: 'receiver' | 'sender'): MessageDevice {
  const device = need(parent, parent.local, name, 'device');
  const id = readInstanceId(need(device, `${name}/device`, 'id'), `${name}/device/id`);
  const org = at(device, 'asAgent', 'representedOrganization', 'id');
  const hc = org && attr(org, 'root');
  return { deviceOid: id.root, ...(hc && { homeCommunityId: urnOid(hc) }) };
}

export function codeOf(e: XmlElement | undefined): string | undefined {
  return e ? attr(e, 'code') : undefined;
}

export function valueOf(e: XmlElement | undefined): string | undefined {
  return e ? attr(e, 'value') : undefined;
}

export function text(e: XmlElement | undefined): string | undefined {
  const t = textOf(e).trim();
  return t === '' ? undefined : t;
}

/** HL7 TS for "now", e.g. 20240401120000 (UTC, as eHDSI gateways send it). */
export function hl7Now(now: Date = new Date()): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
