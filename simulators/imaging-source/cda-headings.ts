/**
 * Section headings and header labels of the imaging report, in the report's language. The report
 * text itself is never translated (REP-08); the headings are, so that a reader sees one language
 * per document. Both the CDA narrative and the PDF use this table. A language without an entry
 * falls back to English.
 */

export type HeadingKey =
  | 'reason' | 'procedure' | 'findings' | 'conclusion' | 'recommendation' | 'radiation' | 'catalog' | 'comparison' | 'addendum' | 'birads'
  | 'patient' | 'patientId' | 'birthDate' | 'sex' | 'study' | 'accession' | 'studyDate' | 'facility' | 'author' | 'reportDate'
  | 'ctdiVol' | 'dlp' | 'dlpTotal' | 'effectiveDose' | 'pregnancy' | 'modality' | 'bodyPart';

type Headings = Readonly<Record<HeadingKey, string>>;

const EN: Headings = {
  reason: 'Reason for study', procedure: 'Procedure', findings: 'Findings', conclusion: 'Conclusion',
  recommendation: 'Recommendation', radiation: 'Radiation exposure', catalog: 'DICOM object catalog',
  patient: 'Patient', patientId: 'Patient ID', birthDate: 'Date of birth', sex: 'Sex', study: 'Study',
  accession: 'Accession number', studyDate: 'Study date', facility: 'Facility', author: 'Reporting radiologist', reportDate: 'Report date',
  ctdiVol: 'CTDIvol', dlp: 'DLP', dlpTotal: 'DLP total', effectiveDose: 'Effective dose', pregnancy: 'Pregnancy status',
  modality: 'Modality', bodyPart: 'Body part', comparison: 'Comparison', addendum: 'Addendum', birads: 'BI-RADS category',
};

const TABLE: Readonly<Record<string, Headings>> = {
  en: EN,
  cs: {
    ...EN, reason: 'Důvod vyšetření', procedure: 'Vyšetření', findings: 'Popis', conclusion: 'Závěr', recommendation: 'Doporučení',
    radiation: 'Radiační zátěž', patient: 'Pacient', patientId: 'Identifikátor pacienta', birthDate: 'Datum narození', sex: 'Pohlaví',
    study: 'Studie', accession: 'Číslo žádanky', studyDate: 'Datum vyšetření', facility: 'Pracoviště', author: 'Radiolog',
    reportDate: 'Datum nálezu', dlpTotal: 'DLP celkem', effectiveDose: 'Efektivní dávka', pregnancy: 'Těhotenství', modality: 'Modalita', bodyPart: 'Oblast',
    comparison: 'Srovnání', addendum: 'Dodatek', birads: 'Kategorie BI-RADS',
  },
  fr: {
    ...EN, reason: "Motif de l'examen", procedure: 'Examen', findings: 'Résultats', conclusion: 'Conclusion', recommendation: 'Recommandation',
    radiation: 'Exposition aux rayonnements', patient: 'Patient', patientId: 'Identifiant du patient', birthDate: 'Date de naissance', sex: 'Sexe',
    study: 'Étude', accession: "Numéro d'accession", studyDate: "Date de l'examen", facility: 'Établissement', author: 'Radiologue',
    reportDate: 'Date du compte rendu', dlpTotal: 'PDL total', dlp: 'PDL', effectiveDose: 'Dose efficace', pregnancy: 'Grossesse', modality: 'Modalité', bodyPart: 'Région',
    comparison: 'Comparaison', addendum: 'Addendum', birads: 'Catégorie BI-RADS',
  },
  nl: {
    ...EN, reason: 'Reden van onderzoek', procedure: 'Onderzoek', findings: 'Bevindingen', conclusion: 'Conclusie', recommendation: 'Aanbeveling',
    radiation: 'Stralingsbelasting', patient: 'Patiënt', patientId: 'Patiëntnummer', birthDate: 'Geboortedatum', sex: 'Geslacht',
    study: 'Studie', accession: 'Accessienummer', studyDate: 'Onderzoeksdatum', facility: 'Instelling', author: 'Radioloog',
    reportDate: 'Datum verslag', dlpTotal: 'DLP totaal', effectiveDose: 'Effectieve dosis', pregnancy: 'Zwangerschap', modality: 'Modaliteit', bodyPart: 'Lichaamsdeel',
    comparison: 'Vergelijking', addendum: 'Addendum', birads: 'BI-RADS-categorie',
  },
  de: {
    ...EN, reason: 'Fragestellung', procedure: 'Untersuchung', findings: 'Befund', conclusion: 'Beurteilung', recommendation: 'Empfehlung',
    radiation: 'Strahlenexposition', patient: 'Patient', patientId: 'Patienten-ID', birthDate: 'Geburtsdatum', sex: 'Geschlecht',
    study: 'Studie', accession: 'Accession-Nummer', studyDate: 'Untersuchungsdatum', facility: 'Einrichtung', author: 'Befundender Radiologe',
    reportDate: 'Befunddatum', dlpTotal: 'DLP gesamt', effectiveDose: 'Effektive Dosis', pregnancy: 'Schwangerschaft', modality: 'Modalität', bodyPart: 'Körperregion',
    comparison: 'Voruntersuchung', addendum: 'Nachtrag', birads: 'BI-RADS-Kategorie',
  },
};

/** Headings for an ISO 639-1 language (a region suffix such as "fr-BE" is ignored). */
export function headingsFor(language: string): Headings {
  return TABLE[language.toLowerCase().split(/[-_]/)[0] ?? ''] ?? EN;
}

/** DICOM PregnancyStatus (0010,21C0) in words; used by the narrative of both renderers. */
export const PREGNANCY_TEXT: Readonly<Record<1 | 2 | 3 | 4, string>> = {
  1: 'not pregnant', 2: 'possibly pregnant', 3: 'definitely pregnant', 4: 'unknown',
};
