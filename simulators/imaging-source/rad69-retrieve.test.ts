import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPacsIndex, type PacsIndex } from '../pacs/store/pacs-index.ts';
import { ErrorCode } from '../registry/xds-constants.ts';
import { TRANSFER_SYNTAX, type ImagingRetrieveRequest } from './rad69-messages.ts';
import { answerImagingRetrieve, REPOSITORY_OUT_OF_RESOURCES } from './rad69-retrieve.ts';

const REPO = '1.2.3.4.5';
let index: PacsIndex;
beforeEach(() => {
  index = createPacsIndex({ path: ':memory:' });
  for (const n of [1, 2]) {
    index.insert(
      { PatientID: 'P1', StudyInstanceUID: '1.2.9', SeriesInstanceUID: '1.2.9.1', SOPInstanceUID: `1.2.9.1.${n}`, SOPClassUID: '1.2.840.10008.5.1.4.1.1.4', Modality: 'MR' },
      { path: `/nonexistent/ixh/${n}.dcm`, transferSyntaxUid: TRANSFER_SYNTAX.explicitVrLittleEndian, size: 600 },
    );
  }
});
afterEach(() => index.close());

const request = (...uids: string[]): ImagingRetrieveRequest => ({
  studies: [{ studyInstanceUid: '1.2.9', series: [{ seriesInstanceUid: '1.2.9.1', documents: uids.map((documentUniqueId) => ({ repositoryUniqueId: REPO, documentUniqueId })) }] }],
  transferSyntaxUids: [TRANSFER_SYNTAX.explicitVrLittleEndian],
});

describe('answerImagingRetrieve', () => {
  it('reports a file the index lists but the disk lacks as XDSRepositoryError for that instance', async () => {
    const answer = await answerImagingRetrieve(request('1.2.9.1.1'), { index, repositoryUniqueId: REPO });
    expect(answer.status).toBe('Failure');
    expect(answer.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.repositoryError, location: '1.2.9.1.1', codeContext: expect.stringMatching(/could not be read/) })]);
  });

  it('refuses a response larger than maxResponseBytes as a whole, from the index sizes', async () => {
    const answer = await answerImagingRetrieve(request('1.2.9.1.1', '1.2.9.1.2'), { index, repositoryUniqueId: REPO, maxResponseBytes: 1000 });
    expect(answer.status).toBe('Failure');
    expect(answer.attachments).toEqual([]);
    expect(answer.errors).toEqual([expect.objectContaining({ errorCode: REPOSITORY_OUT_OF_RESOURCES, codeContext: expect.stringMatching(/1200 bytes.*at most 1000/) })]);
  });

  it('marks the instances of a study the index refuses to look up (a wildcard UID) instead of throwing', async () => {
    const answer = await answerImagingRetrieve({ ...request('1.2.9.1.1'), studies: [{ studyInstanceUid: '1.2.*', series: [{ seriesInstanceUid: '1.2.9.1', documents: [{ repositoryUniqueId: REPO, documentUniqueId: '1.2.9.1.1' }] }] }] }, { index, repositoryUniqueId: REPO });
    expect(answer.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.documentUniqueIdError, location: '1.2.9.1.1', codeContext: expect.stringMatching(/cannot be looked up/) })]);
  });
});
