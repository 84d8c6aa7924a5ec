/**
 * An AuditMessage read once into what the audit rules ask about: the event, its type codes and
 * purposes of use, the participants with their roles, and the participant objects with their
 * details decoded from base64. Reading never throws; what is absent is undefined or empty, and
 * the rules say whether that matters.
 */
import type { PurposeOfUse } from '../../simulators/ncp/gateway-security.ts';
import { attr, elements, textOf, type XmlElement } from '../../simulators/soap/xml-tree.ts';

/** What the audit family judges: the message, and what the harness knows it should say. */
export interface AuditSubject {
  readonly message: XmlElement;
  /** The purpose of use of the assertions the audited request carried, when known. */
  readonly expectedPurposeOfUse?: PurposeOfUse;
}

export interface Code {
  readonly code?: string;
  readonly codeSystemName?: string;
  readonly originalText?: string;
}

export interface ParticipantView {
  readonly index: number;
  readonly userId?: string;
  readonly userName?: string;
  readonly requestor?: string;
  readonly roles: readonly Code[];
}

export interface ObjectView {
  readonly index: number;
  readonly id?: string;
  readonly typeCode?: string;
  readonly role?: string;
  readonly idType?: Code;
  readonly query?: string;
  /** Detail type → decoded UTF-8 value ("(not base64)" when it does not decode). */
  readonly details: ReadonlyMap<string, string>;
}

export interface AuditView {
  readonly eventId?: Code;
  readonly action?: string;
  readonly outcome?: string;
  readonly eventTypes: readonly Code[];
  readonly purposesOfUse: readonly Code[];
  readonly participants: readonly ParticipantView[];
  readonly auditSourceId?: string;
  readonly objects: readonly ObjectView[];
}

const children = (parent: XmlElement | undefined, local: string): XmlElement[] => (parent ? elements(parent, '', local) : []);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function readCode(e: XmlElement | undefined): Code | undefined {
  if (!e) return undefined;
  const code = attr(e, 'csd-code') ?? attr(e, 'code');
  const system = attr(e, 'codeSystemName');
  const text = attr(e, 'originalText');
  return { ...(code !== undefined && { code }), ...(system !== undefined && { codeSystemName: system }), ...(text !== undefined && { originalText: text }) };
}

export function decodeBase64(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const compact = value.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) return undefined;
  return Buffer.from(compact, 'base64').toString('utf8');
}

export function readAudit(msg: XmlElement): AuditView {
  const event = children(msg, 'EventIdentification')[0];
  const eventId = readCode(children(event, 'EventID')[0]);
  const action = event && attr(event, 'EventActionCode');
  const outcome = event && attr(event, 'EventOutcomeIndicator');
  const sourceId = children(msg, 'AuditSourceIdentification')[0];
  const auditSourceId = sourceId && attr(sourceId, 'AuditSourceID');
  return {
    ...(eventId && { eventId }),
    ...(action !== undefined && { action }),
    ...(outcome !== undefined && { outcome }),
    eventTypes: children(event, 'EventTypeCode').map((e) => readCode(e)!),
    purposesOfUse: children(event, 'PurposeOfUse').map((e) => readCode(e)!),
    participants: children(msg, 'ActiveParticipant').map((p, index) => {
      const userId = attr(p, 'UserID');
      const userName = attr(p, 'UserName');
      const requestor = attr(p, 'UserIsRequestor');
      return { index, ...(userId !== undefined && { userId }), ...(userName !== undefined && { userName }), ...(requestor !== undefined && { requestor }), roles: children(p, 'RoleIDCode').map((r) => readCode(r)!) };
    }),
    ...(auditSourceId !== undefined && { auditSourceId }),
    objects: children(msg, 'ParticipantObjectIdentification').map((o, index) => {
      const id = attr(o, 'ParticipantObjectID');
      const typeCode = attr(o, 'ParticipantObjectTypeCode');
      const role = attr(o, 'ParticipantObjectTypeCodeRole');
      const idType = readCode(children(o, 'ParticipantObjectIDTypeCode')[0]);
      const query = children(o, 'ParticipantObjectQuery')[0];
      const details = new Map<string, string>();
      for (const d of children(o, 'ParticipantObjectDetail')) details.set(attr(d, 'type') ?? '', decodeBase64(attr(d, 'value')) ?? '(not base64)');
      return {
        index,
        ...(id !== undefined && { id }),
        ...(typeCode !== undefined && { typeCode }),
        ...(role !== undefined && { role }),
        ...(idType && { idType }),
        ...(query && { query: textOf(query).trim() }),
        details,
      };
    }),
  };
}

/** The IHE transaction an audit message is about: its EventTypeCode in "IHE Transactions" (or any code that looks like one). */
export function auditedTransaction(view: AuditView): string | undefined {
  const ihe = view.eventTypes.find((t) => t.codeSystemName === 'IHE Transactions') ?? view.eventTypes.find((t) => /^(ITI|RAD)-\d+$/.test(t.code ?? ''));
  return ihe?.code;
}

export const isPatient = (o: ObjectView): boolean => o.typeCode === '1' && o.role === '1';
export const hasRole = (p: ParticipantView, code: string): boolean => p.roles.some((r) => r.code === code);
export const objectPath = (o: ObjectView, rest = ''): string => `/AuditMessage/ParticipantObjectIdentification[${o.index}]${rest}`;
