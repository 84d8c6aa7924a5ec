/** XDS.b identifiers from IHE ITI TF-3 §4.2 (metadata) and ITI TF-2 (actions, stored queries, errors). */

export const Action = {
  registerRequest: 'urn:ihe:iti:2007:RegisterDocumentSet-b',
  registerResponse: 'urn:ihe:iti:2007:RegisterDocumentSet-bResponse',
  queryRequest: 'urn:ihe:iti:2007:RegistryStoredQuery',
  queryResponse: 'urn:ihe:iti:2007:RegistryStoredQueryResponse',
  provideRequest: 'urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b',
  provideResponse: 'urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-bResponse',
  retrieveRequest: 'urn:ihe:iti:2007:RetrieveDocumentSet',
  retrieveResponse: 'urn:ihe:iti:2007:RetrieveDocumentSetResponse',
} as const;

export const ResponseStatus = {
  success: 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success',
  failure: 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure',
  /** IHE's own status (ITI TF-3 §4.2.4.2), not an OASIS one. */
  partialSuccess: 'urn:ihe:iti:2007:ResponseStatusType:PartialSuccess',
} as const;

export const Severity = {
  error: 'urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error',
  warning: 'urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Warning',
} as const;

export const Status = {
  approved: 'urn:oasis:names:tc:ebxml-regrep:StatusType:Approved',
  deprecated: 'urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated',
} as const;

export const ObjectType = {
  stableDocument: 'urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1',
  onDemandDocument: 'urn:uuid:34268e47-fdf5-41a6-ba33-82133c465248',
  classification: 'urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:Classification',
  externalIdentifier: 'urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:ExternalIdentifier',
  association: 'urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:Association',
  registryPackage: 'urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:RegistryPackage',
} as const;

/** Classification nodes that make a RegistryPackage a SubmissionSet or a Folder. */
export const Node = {
  submissionSet: 'urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd',
  folder: 'urn:uuid:d9d542f3-6cc4-48b6-8870-ea235fbc94c2',
} as const;

/** classificationScheme of DocumentEntry codes. */
export const DocScheme = {
  classCode: 'urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a',
  confidentialityCode: 'urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f',
  eventCodeList: 'urn:uuid:2c6b8cb7-8b2a-4051-b291-b1ae6a575ef4',
  formatCode: 'urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d',
  healthcareFacilityTypeCode: 'urn:uuid:f33fb8ac-18af-42cc-ae0e-ed0b0bdb91e1',
  practiceSettingCode: 'urn:uuid:cccf5598-8b07-4b77-a05e-ae952c785ead',
  typeCode: 'urn:uuid:f0306f51-975f-434e-a61c-c59651d33983',
  author: 'urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d',
  patientId: 'urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427',
  uniqueId: 'urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab',
} as const;

export const SubmissionScheme = {
  contentTypeCode: 'urn:uuid:aa543740-bdda-424e-8c96-df4873be8500',
  author: 'urn:uuid:a7058bb9-b4e4-4307-ba5b-e3f0ab85e12d',
  patientId: 'urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446',
  sourceId: 'urn:uuid:554ac39e-e3fe-47fe-b233-965d2a147832',
  uniqueId: 'urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8',
} as const;

export const FolderScheme = {
  patientId: 'urn:uuid:f64ffdf0-4b97-4e06-b79f-a52b38ec2f8a',
  uniqueId: 'urn:uuid:75df8f67-9973-4fbe-a900-df66cefecc5a',
} as const;

export const AssociationType = {
  hasMember: 'urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember',
  replace: 'urn:ihe:iti:2007:AssociationType:RPLC',
  transform: 'urn:ihe:iti:2007:AssociationType:XFRM',
  append: 'urn:ihe:iti:2007:AssociationType:APND',
  transformReplace: 'urn:ihe:iti:2007:AssociationType:XFRM_RPLC',
  signs: 'urn:ihe:iti:2007:AssociationType:signs',
} as const;

export const StoredQuery = {
  findDocuments: 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d',
  findSubmissionSets: 'urn:uuid:f26abbcb-ac74-4422-8a30-edb644bbc1a9',
  findFolders: 'urn:uuid:958f3006-baad-4929-a4de-ff1114824431',
  getAll: 'urn:uuid:10b545ea-725c-446d-9b95-8aeb444eddf3',
  getDocuments: 'urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4',
  getFolders: 'urn:uuid:5737b14c-8a1a-4539-b659-e03a34a5e1e4',
  getAssociations: 'urn:uuid:a7ae438b-4bc2-4642-93e9-be891f7bb155',
  getDocumentsAndAssociations: 'urn:uuid:bab9529a-4a10-40b3-a01f-f68a615d247a',
  getSubmissionSets: 'urn:uuid:51224314-5390-4169-9b91-b1980040715a',
  getSubmissionSetAndContents: 'urn:uuid:e8e3cb2c-e39c-46b9-99e4-c12f57260b83',
  getFolderAndContents: 'urn:uuid:b909a503-523d-4517-8acf-8e5834dfc4c7',
  getFoldersForDocument: 'urn:uuid:10cae35a-c7f9-4cf5-b61e-fc3278ffb578',
  getRelatedDocuments: 'urn:uuid:d90e5407-b356-4d91-a89f-873917b4b0e6',
  findDocumentsByReferenceId: 'urn:uuid:12941a89-e02e-4be5-967c-ce4bfc8fe492',
} as const;

export const ErrorCode = {
  registryError: 'XDSRegistryError',
  repositoryError: 'XDSRepositoryError',
  registryMetadataError: 'XDSRegistryMetadataError',
  repositoryMetadataError: 'XDSRepositoryMetadataError',
  patientIdDoesNotMatch: 'XDSPatientIdDoesNotMatch',
  unknownPatientId: 'XDSUnknownPatientId',
  documentUniqueIdError: 'XDSDocumentUniqueIdError',
  nonIdenticalHash: 'XDSNonIdenticalHash',
  nonIdenticalSize: 'XDSNonIdenticalSize',
  duplicateUniqueIdInRegistry: 'XDSDuplicateUniqueIdInRegistry',
  registryDuplicateUniqueIdInMessage: 'XDSRegistryDuplicateUniqueIdInMessage',
  repositoryDuplicateUniqueIdInMessage: 'XDSRepositoryDuplicateUniqueIdInMessage',
  missingDocument: 'XDSMissingDocument',
  missingDocumentMetadata: 'XDSMissingDocumentMetadata',
  registryNotAvailable: 'XDSRegistryNotAvailable',
  storedQueryMissingParam: 'XDSStoredQueryMissingParam',
  storedQueryParamNumber: 'XDSStoredQueryParamNumber',
  unknownStoredQuery: 'XDSUnknownStoredQuery',
  unknownRepositoryId: 'XDSUnknownRepositoryId',
  registryDeprecatedDocumentError: 'XDSRegistryDeprecatedDocumentError',
  /** XCA (ITI TF-2 §3.38, §3.39): a homeCommunityId the gateway does not know or does not serve. */
  unknownCommunity: 'XDSUnknownCommunity',
  /** XCA: a community that could not be reached or did not answer in time (ITI TF-2 §3.38.4.1.3). */
  unavailableCommunity: 'XDSUnavailableCommunity',
  /** XCA: a repository behind the responding gateway that could not be reached. */
  repositoryNotAvailable: 'XDSRepositoryNotAvailable',
} as const;

export type XdsErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
