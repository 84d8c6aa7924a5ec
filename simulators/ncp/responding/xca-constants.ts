/** XCA (ITI TF-2 §3.38, §3.39) identifiers the responding gateway adds to the XDS.b ones. */

export const XcaAction = {
  crossGatewayQuery: 'urn:ihe:iti:2007:CrossGatewayQuery',
  crossGatewayQueryResponse: 'urn:ihe:iti:2007:CrossGatewayQueryResponse',
  crossGatewayRetrieve: 'urn:ihe:iti:2007:CrossGatewayRetrieve',
  crossGatewayRetrieveResponse: 'urn:ihe:iti:2007:CrossGatewayRetrieveResponse',
} as const;

/** Error codes of ITI TF-3 Table 4.2.4.1-2 that xds-constants.ts does not list. */
export const XcaErrorCode = {
  unknownCommunity: 'XDSUnknownCommunity',
  repositoryNotAvailable: 'XDSRepositoryNotAvailable',
} as const;
