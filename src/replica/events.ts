// What the replicator tells the hub after each commit, in revision order.
export type ReplicaEvent =
  // `sensitive`: only SDK keys that may read sensitive configs receive it (realtime/hub.ts).
  | {
    kind: "config";
    environmentId: string;
    name: string;
    revision: number;
    json: string;
    sensitive?: boolean;
  }
  | { kind: "config_delete"; environmentId: string; name: string; revision: number }
  | { kind: "key_revoked"; keyId: string; environmentId: string }
  | { kind: "environment_revoked"; environmentId: string }
  | { kind: "project_revoked"; projectId: string };
