/** wsa:Action values of XCA (ITI TF-2 §3.38 Cross Gateway Query, §3.39 Cross Gateway Retrieve), shared by both NCP gateways. */

export const XcaAction = {
  crossGatewayQuery: 'urn:ihe:iti:2007:CrossGatewayQuery',
  crossGatewayQueryResponse: 'urn:ihe:iti:2007:CrossGatewayQueryResponse',
  crossGatewayRetrieve: 'urn:ihe:iti:2007:CrossGatewayRetrieve',
  crossGatewayRetrieveResponse: 'urn:ihe:iti:2007:CrossGatewayRetrieveResponse',
} as const;
