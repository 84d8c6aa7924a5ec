/**
 * The one Orthanc configuration both launchers use, so the process and container peers differ
 * only in where Orthanc runs. Keys are those of Orthanc 1.10 (Debian bookworm); that version has
 * no bind-address settings, so loopback-only is enforced by RemoteAccessAllowed (HTTP) and by the
 * harness only ever dialling 127.0.0.1.
 */
export interface OrthancModality {
  readonly aet: string;
  readonly host: string;
  readonly port: number;
}

export interface OrthancConfigInput {
  readonly aeTitle: string;
  readonly dicomPort: number;
  readonly httpPort: number;
  /** Where Orthanc keeps its index and files, as seen by the Orthanc process. */
  readonly storageDir: string;
  readonly modalities?: Readonly<Record<string, OrthancModality>>;
  readonly dicomWeb?: boolean;
}

/** Same path on the host and in the image: both get the plugin from the Debian package. */
export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';
export const DICOMWEB_ROOT = '/dicom-web/';

export function buildOrthancConfig(input: OrthancConfigInput): Record<string, unknown> {
  return {
    Name: `ixh-${input.aeTitle}`,
    StorageDirectory: input.storageDir,
    IndexDirectory: input.storageDir,
    DicomServerEnabled: true,
    DicomAet: input.aeTitle,
    DicomPort: input.dicomPort,
    HttpServerEnabled: true,
    HttpPort: input.httpPort,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    DicomAlwaysAllowEcho: true,
    DicomAlwaysAllowStore: true,
    DicomAlwaysAllowFind: true,
    DicomAlwaysAllowFindWorklist: true,
    DicomAlwaysAllowGet: true,
    DicomAlwaysAllowMove: true,
    // Peers are addressed by AE title only; tests run the SCUs on 127.0.0.1 anyway.
    DicomCheckModalityHost: false,
    DicomModalities: Object.fromEntries(
      Object.entries(input.modalities ?? {}).map(([name, m]) => [name, { AET: m.aet, Host: m.host, Port: m.port }]),
    ),
    // Tests wait for studies to become stable; the default 60 s would dominate their runtime.
    StableAge: 1,
    // Jobs of a previous run must not resurface: each peer starts from an empty storage dir.
    SaveJobs: false,
    TcpNoDelay: true,
    LuaScripts: [],
    Plugins: input.dicomWeb ? [DICOMWEB_PLUGIN] : [],
    ...(input.dicomWeb ? { DicomWeb: { Enable: true, Root: DICOMWEB_ROOT } } : {}),
  };
}

/** Printed by Orthanc once both its DICOM and HTTP servers accept connections. */
export const ORTHANC_STARTED = /Orthanc has started/;
