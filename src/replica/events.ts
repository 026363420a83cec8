// What the replicator tells the hub after each commit, in revision order.
export type ReplicaEvent =
  | { kind: "config"; environmentId: string; name: string; revision: number; json: string }
  | { kind: "config_delete"; environmentId: string; name: string; revision: number }
  | { kind: "key_revoked"; keyId: string; environmentId: string }
  | { kind: "environment_revoked"; environmentId: string }
  | { kind: "project_revoked"; projectId: string };
