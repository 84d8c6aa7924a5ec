/** Public surface of NCP-B's initiating gateway (what the world composer wires). */
export { createInitiatingGateway, type InitiatingGateway } from './initiating-gateway.ts';
export { PATIENT_ID_HEADER, PURPOSE_OF_USE_HEADER, type Community, type ImportTarget, type InitiatingGatewayConfig, type PacsTarget } from './gateway-config.ts';
export { arrivalRoutes, type ArrivalNotice, type ArrivalState, type Arrivals, type ImportFailure } from './arrival-notice.ts';
export { GatewayAction } from './cross-gateway-actions.ts';
export type { PatientMemory, DocumentFacts } from './patient-memory.ts';
