/** Term lists the code rules check against (PS3.3 C.7.3.1.1.1, PS3.16 CID 29, PS3.16 Annex L). */

/** PS3.3 C.7.3.1.1.1 Modality defined terms (current, non-retired). */
export const MODALITY_DEFINED_TERMS: ReadonlySet<string> = new Set(
  ('ANN AR ASMT AU BDUS BI BMD CFM CR CT CTPROTOCOL DMS DG DOC DX ECG EEG EMG EOG EPS ES FID GM HC HD IO IOL IVOCT IVUS KER KO LEN LS MG MR M3D NM ' +
    'OAM OCT OP OPM OPT OPTBSV OPTENF OPV OSS OT PA PLAN POS PR PT PX REG RESP RF RG RTDOSE RTIMAGE RTINTENT RTPLAN RTRAD RTRECORD RTSEGANN RTSTRUCT ' +
    'RWV SEG SM SMR SR SRF STAIN TEXTUREMAP TG US VA XA XAPROTOCOL XC').split(' '),
);

/** PS3.16 CID 29 Acquisition Modality: what produced images, never documents (KO, SR, PR, DOC). */
export const CID29_ACQUISITION_MODALITIES: ReadonlySet<string> = new Set(
  ('AR BDUS BI BMD CR CT DG DX ECG EPS ES GM HD IO IVOCT IVUS KER LEN LS MG MR NM OAM OCT OP OPM OPT OPTBSV OPTENF OPV OSS PA POS PT PX RF RG RESP ' +
    'RTIMAGE SM SRF TG US VA XA XC').split(' '),
);

/** Body Part Examined defined terms (PS3.16 Annex L), the commonly used subset; an unknown one is only a warning. */
export const BODY_PART_DEFINED_TERMS: ReadonlySet<string> = new Set(
  ('ABDOMEN ABDOMENPELVIS ADRENAL AORTA ANKLE APPENDIX ARM AXILLA BACK BILEDUCT BLADDER BRAIN BREAST BRONCHUS BUTTOCK CALCANEUS CAROTID CEREBELLUM ' +
    'CERVIX CHEST CHESTABDOMEN CHESTABDPELVIS CIRCLEOFWILLIS CLAVICLE COCCYX COLON CORNEA CORONARYARTERY CSPINE CTSPINE DUODENUM EAR ELBOW ESOPHAGUS ' +
    'EXTREMITY EYE EYELID FACE FEMUR FINGER FOOT FOREARM GALLBLADDER HAND HEAD HEADNECK HEART HIP HUMERUS ILEUM ILIUM IAC JAW JEJUNUM KIDNEY KNEE LARYNX ' +
    'LEG LIVER LSPINE LSSPINE LUNG MAXILLA MEDIASTINUM MOUTH NECK NECKCHEST NECKCHESTABDOMEN NECKCHESTABDPELV NOSE ORBIT OVARY PANCREAS PAROTID PATELLA ' +
    'PELVIS PENIS PHARYNX PROSTATE RECTUM RIB SACRUM SCAPULA SCLERA SCROTUM SHOULDER SKULL SPINE SPLEEN SSPINE STERNUM STOMACH SUBMANDIBULAR TESTIS ' +
    'THIGH THUMB THYMUS THYROID TIBIA TLSPINE TOE TONGUE TRACHEA TSPINE ULNA URETER URETHRA UTERUS VAGINA VULVA WHOLEBODY WRIST ZYGOMA').split(' '),
);

/** Verhoeff check digit, used by SNOMED CT identifiers (SNOMED CT TIG 6.3). */
const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** A SNOMED CT identifier: 6-18 digits, no leading zero, valid Verhoeff check digit. */
export function isSctid(code: string): boolean {
  if (!/^[1-9]\d{5,17}$/.test(code)) return false;
  let c = 0;
  [...code].reverse().forEach((ch, i) => {
    c = D[c]![P[i % 8]![Number(ch)]!]!;
  });
  return c === 0;
}
