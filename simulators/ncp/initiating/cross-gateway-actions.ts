/**
 * wsa:Action values of the transactions the initiating gateway accepts locally and sends across
 * the border (IHE ITI TF-2 §3.18, §3.38, §3.39, §3.43, §3.55; RAD TF-3 §4.69, §4.75), gathered
 * under the names the gateway uses. Every value comes from the module that owns the transaction
 * (XDS.b, XCA, XCPD, XDS-I), so one spelling serves every actor.
 */
import { RAD69_ACTION, RAD69_RESPONSE_ACTION, RAD75_ACTION, RAD75_RESPONSE_ACTION } from '../../imaging-source/rad69-messages.ts';
import { Action } from '../../registry/xds-constants.ts';
import { XcaAction } from '../xca-actions.ts';
import { XCPD_ACTION, XCPD_RESPONSE_ACTION } from '../xcpd/xcpd-constants.ts';

export const GatewayAction = {
  /** ITI-55 Cross Gateway Patient Discovery. */
  xcpd: XCPD_ACTION,
  xcpdResponse: XCPD_RESPONSE_ACTION,
  /** ITI-18 Registry Stored Query (local consumers). */
  storedQuery: Action.queryRequest,
  storedQueryResponse: Action.queryResponse,
  /** ITI-38 Cross Gateway Query. */
  crossGatewayQuery: XcaAction.crossGatewayQuery,
  crossGatewayQueryResponse: XcaAction.crossGatewayQueryResponse,
  /** ITI-43 Retrieve Document Set (local consumers). */
  retrieve: Action.retrieveRequest,
  retrieveResponse: Action.retrieveResponse,
  /** ITI-39 Cross Gateway Retrieve. */
  crossGatewayRetrieve: XcaAction.crossGatewayRetrieve,
  crossGatewayRetrieveResponse: XcaAction.crossGatewayRetrieveResponse,
  /** RAD-69 Retrieve Imaging Document Set; its answer reuses the ITI-43 response action. */
  imagingRetrieve: RAD69_ACTION,
  imagingRetrieveResponse: RAD69_RESPONSE_ACTION,
  /** RAD-75 Cross Gateway Retrieve Imaging Document Set. */
  crossGatewayImagingRetrieve: RAD75_ACTION,
  crossGatewayImagingRetrieveResponse: RAD75_RESPONSE_ACTION,
} as const;
