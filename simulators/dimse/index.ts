/** Public surface of the DICOM upper layer + DIMSE package. */
export { createDimseHost, type DimseHost, type DimseHostConfig } from './dimse-host.ts';
export type { DimseTlsClient, DimseTlsServer } from './dimse-tls.ts';
export { associate, type AssociateOptions, type ContextProposal, type DimseClientAssociation } from './dimse-client.ts';
export type { FindOperation, RetrieveOperation, RetrieveOutcome, RetrieveProgress } from './client-operations.ts';
export type {
  CancelNotice,
  DimseHandlers,
  EchoRequest,
  FindRequest,
  GetRequest,
  MoveRequest,
  RetrieveResult,
  StatusReply,
  StoreAcceptance,
  StoreRequest,
  SubOperationCounts,
} from './host-handlers.ts';
export {
  supportedSyntaxes,
  type AssociationRequest,
  type ContextRejectReason,
  type ContextVerdict,
  type Negotiate,
  type NegotiationResult,
  type SupportedSyntaxes,
} from './negotiation.ts';
export type {
  AssociationEvent,
  AssociationRef,
  CommandEvent,
  ContextDecision,
  DatasetEvent,
  DimseObserver,
  Endpoint,
  HarnessErrorEvent,
} from './observer.ts';
export type { NegotiatedContext } from './association.ts';
export { DimseStatusError } from './dimse-status-error.ts';
export { AssociationRejectedError } from './association-requestor.ts';
export type { CommandSet } from './command-set.ts';
export type { Identifier } from './dataset-codec.ts';
export { CommandField, QUERY_MODELS, SopClass, Status, statusCategory, TransferSyntax, type QueryModel } from './dimse-constants.ts';
export { buildPart10Header, part10FileSink, part10FileWriter, readPart10Info, type Part10Info, type Part10Meta } from './part10.ts';
export type { DatasetSink } from './sinks.ts';
export type { StoreResult, StoreSource } from './store-sender.ts';
export type { RoleSelection } from './pdu-types.ts';
