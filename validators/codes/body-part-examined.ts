/**
 * Body Part Examined (0018,0015) defined terms and their SNOMED CT anatomic regions (CID 4), per
 * DICOM PS3.16 Annex L "Correspondence of Anatomic Region Codes and Body Part Examined Defined
 * Terms" (current edition). The validators keep their own copy: the world generator's anatomy
 * table (fixtures/world/anatomy.ts) is what the harness emits and must not also be the judge.
 */

/**
 * SNOMED CT code of a Body Part Examined term (Annex L), for the terms the rules map. Annex L now
 * gives CHEST 43799004 and ABDOMEN 818981001; the older 51185008 (Thoracic structure) and
 * 113345001 (Abdominal structure) are what many systems still send.
 */
export const ANNEX_L_REGION: Readonly<Record<string, { readonly code: string; readonly meaning: string }>> = {
  ABDOMEN: { code: '818981001', meaning: 'Abdomen' },
  ABDOMENPELVIS: { code: '818982008', meaning: 'Abdomen and Pelvis' },
  ADRENAL: { code: '23451007', meaning: 'Adrenal gland' },
  ANKLE: { code: '70258002', meaning: 'Ankle joint' },
  BLADDER: { code: '89837001', meaning: 'Urinary bladder' },
  BRAIN: { code: '12738006', meaning: 'Brain' },
  BREAST: { code: '76752008', meaning: 'Breast' },
  CHEST: { code: '43799004', meaning: 'Chest' },
  CHESTABDOMEN: { code: '416550000', meaning: 'Chest and Abdomen' },
  CHESTABDPELVIS: { code: '416775004', meaning: 'Chest, Abdomen and Pelvis' },
  COLON: { code: '71854001', meaning: 'Colon' },
  CSPINE: { code: '122494005', meaning: 'Cervical spine' },
  HEAD: { code: '69536005', meaning: 'Head' },
  HEADNECK: { code: '774007', meaning: 'Head and Neck' },
  HEART: { code: '80891009', meaning: 'Heart' },
  KNEE: { code: '72696002', meaning: 'Knee' },
  LIVER: { code: '10200004', meaning: 'Liver' },
  LSPINE: { code: '122496007', meaning: 'Lumbar spine' },
  LUNG: { code: '39607008', meaning: 'Lung' },
  OVARY: { code: '15497006', meaning: 'Ovary' },
  PANCREAS: { code: '15776009', meaning: 'Pancreas' },
  PELVIS: { code: '816092008', meaning: 'Pelvis' },
  PROSTATE: { code: '41216001', meaning: 'Prostate' },
  SHOULDER: { code: '16982005', meaning: 'Shoulder' },
  THYROID: { code: '69748006', meaning: 'Thyroid' },
  TSPINE: { code: '122495006', meaning: 'Thoracic spine' },
  UTERUS: { code: '35039007', meaning: 'Uterus' },
  WHOLEBODY: { code: '38266002', meaning: 'Entire body' },
};

/** Body Part Examined defined terms (Annex L), the commonly used subset; an unknown one is only a warning. */
export const BODY_PART_DEFINED_TERMS: ReadonlySet<string> = new Set(
  ('ABDOMEN ABDOMENPELVIS ADRENAL AORTA ANKLE APPENDIX ARM AXILLA BACK BILEDUCT BLADDER BRACHIALPLEXUS BRAIN BREAST BRONCHUS BUTTOCK CALCANEUS ' +
    'CAROTID CEREBELLUM CERVIX CHEST CHESTABDOMEN CHESTABDPELVIS CIRCLEOFWILLIS CLAVICLE COCCYX COLON CORNEA CORONARYARTERY CSPINE CTSPINE DUODENUM ' +
    'EAR ELBOW ESOPHAGUS EXTREMITY EYE EYELID FACE FEMUR FIBULA FINGER FOOT FOREARM GALLBLADDER HAND HEAD HEADNECK HEART HIP HUMERUS ILEUM ILIUM IAC ' +
    'JAW JEJUNUM KIDNEY KNEE LACRIMAL LARYNX LEG LIVER LSPINE LSSPINE LUNG MAXILLA MEDIASTINUM MOUTH NECK NECKCHEST NECKCHESTABDOMEN NECKCHESTABDPELV ' +
    'NOSE ORBIT OVARY PANCREAS PAROTID PATELLA PELVIS PENIS PHARYNX PROSTATE RECTUM RIB SACRUM SCAPULA SCLERA SCROTUM SHOULDER SKULL SPINE SPLEEN ' +
    'SSPINE STERNUM STOMACH SUBMANDIBULAR TESTIS THIGH THUMB THYMUS THYROID TIBIA TLSPINE TMJ TOE TONGUE TRACHEA TSPINE ULNA URETER URETHRA UTERUS ' +
    'VAGINA VULVA WHOLEBODY WRIST ZYGOMA').split(' '),
);

/**
 * Body Part Examined terms of paired structures (Annex L), for the Laterality (0020,0060) Type 2C
 * condition. dciodvfy also counts APPENDIX, BILEDUCT, BRONCHUS, SACRUM and SCROTUM as paired, and
 * ILIUM and URETER as unpaired; those are not paired organs (or are) in the anatomy Annex L codes,
 * so ixh follows the anatomy.
 */
export const PAIRED_BODY_PARTS: ReadonlySet<string> = new Set(
  ('ADRENAL ANKLE ARM AXILLA BRACHIALPLEXUS BREAST BUTTOCK CALCANEUS CAROTID CLAVICLE CORNEA EAR ELBOW EXTREMITY EYE EYELID FEMUR FIBULA FINGER ' +
    'FOOT FOREARM HAND HIP HUMERUS IAC ILIUM KIDNEY KNEE LACRIMAL LEG LUNG ORBIT OVARY PAROTID PATELLA RIB SCAPULA SCLERA SHOULDER ' +
    'SUBMANDIBULAR TESTIS THIGH THUMB TIBIA TMJ TOE ULNA URETER WRIST ZYGOMA').split(' '),
);

/** SNOMED CT codes (CID 4) of paired structures, the ones Annex L maps the paired terms above to most often. */
export const PAIRED_REGION_CODES: ReadonlySet<string> = new Set([
  '76752008', // Breast
  '72696002', // Knee
  '16982005', // Shoulder
  '64033007', // Kidney
  '39607008', // Lung
  '81745001', // Eye
  '70258002', // Ankle joint
  '16953009', // Elbow joint
  '74670003', // Wrist joint
  '85562004', // Hand
  '56459004', // Foot
  '24136001', // Hip joint
  '29836001', // Hip region
  '71341001', // Femur
  '85050009', // Humerus
  '23451007', // Adrenal gland
  '15497006', // Ovary
  '40689003', // Testis
  '117590005', // Ear
]);

/** The SNOMED CT region Annex L gives a Body Part Examined term, if the rules know it. */
export function regionOfBodyPart(term: string): string | undefined {
  return Object.hasOwn(ANNEX_L_REGION, term) ? ANNEX_L_REGION[term]!.code : undefined;
}
