/**
 * wsa:Action values of the transactions the initiating gateway accepts locally and sends across
 * the border (IHE ITI TF-2 §3.38, §3.39, §3.55; RAD TF-3 §4.69, §4.75), plus the two XCA error
 * codes that xds-constants.ts does not list yet (ITI TF-3 Table 4.2.4.1-2).
 *
 * The XCPD and XDS-I values come from their message modules, so one spelling serves every actor.
 */
import { RAD69_ACTION, RAD69_RESPONSE_ACTION, RAD75_ACTION, RAD75_RESPONSE_ACTION } from '../../imaging-source/rad69-messages.ts';
import { XCPD_ACTION, XCPD_RESPONSE_ACTION } from '../xcpd/xcpd-constants.ts';

export const GatewayAction = {
  /** ITI-55 Cross Gateway Patient Discovery. */
  xcpd: XCPD_ACTION,
  xcpdResponse: XCPD_RESPONSE_ACTION,
  /** ITI-18 Registry Stored Query (local consumers). */
  storedQuery: 'urn:ihe:iti:2007:RegistryStoredQuery',
  storedQueryResponse: 'urn:ihe:iti:2007:RegistryStoredQueryResponse',
  /** ITI-38 Cross Gateway Query. */
  crossGatewayQuery: 'urn:ihe:iti:2007:CrossGatewayQuery',
  crossGatewayQueryResponse: 'urn:ihe:iti:2007:CrossGatewayQueryResponse',
  /** ITI-43 Retrieve Document Set (local consumers). */
  retrieve: 'urn:ihe:iti:2007:RetrieveDocumentSet',
  retrieveResponse: 'urn:ihe:iti:2007:RetrieveDocumentSetResponse',
  /** ITI-39 Cross Gateway Retrieve. */
  crossGatewayRetrieve: 'urn:ihe:iti:2007:CrossGatewayRetrieve',
  crossGatewayRetrieveResponse: 'urn:ihe:iti:2007:CrossGatewayRetrieveResponse',
  /** RAD-69 Retrieve Imaging Document Set; its answer reuses the ITI-43 response action. */
  imagingRetrieve: RAD69_ACTION,
  imagingRetrieveResponse: RAD69_RESPONSE_ACTION,
  /** RAD-75 Cross Gateway Retrieve Imaging Document Set. */
  crossGatewayImagingRetrieve: RAD75_ACTION,
  crossGatewayImagingRetrieveResponse: RAD75_RESPONSE_ACTION,
} as const;

export const XcaErrorCode = {
  /** A community could not be reached or did not answer in time (ITI TF-2 §3.38.4.1.3). */
  unavailableCommunity: 'XDSUnavailableCommunity',
  /** A homeCommunityId the gateway has no route for. */
  unknownCommunity: 'XDSUnknownCommunity',
} as const;
