// Approvals and change requests (src/service/change_requests.ts, approval_rules.ts): the rule
// per environment; open, list, read, comment, approve, request changes, reject, withdraw and
// rebase change requests. An edit that needs approval answers 409 approval_required with the
// id of the change request it opened (src/http/errors.ts).
import { z } from "zod";
import { APPROVER_RANKS } from "../../domain/permissions.ts";
import { LIMITS } from "../../domain/limits.ts";
import { configNameSchema, email } from "../../domain/names.ts";
import * as rules from "../../service/approval_rules.ts";
import * as crs from "../../service/change_requests.ts";
import { configFields } from "./config_input.ts";
import { configParams, idField, projectParams, textField } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "Change requests";
const time = z.string().describe("ISO-8601 time");
const envParams = projectParams.extend({ environmentId: idField("environmentId") });
const crParams = projectParams.extend({ changeRequestId: idField("changeRequestId") });
const minRole = z.enum(APPROVER_RANKS, {
  error: `minRole must be one of ${APPROVER_RANKS.map((r) => `"${r}"`).join(", ")}`,
});

const ruleBody = z.strictObject({
  requiredApprovals: z.number({ error: "requiredApprovals must be a whole number" }).int()
    .min(1, { error: "requiredApprovals must be at least 1" })
    .max(LIMITS.maxRequiredApprovals, {
      error: `requiredApprovals must be at most ${LIMITS.maxRequiredApprovals}`,
    }).optional().transform((n) => n ?? 1),
  minRole: minRole.optional().transform((r) => r ?? "config editor")
    .describe("The lowest role a reviewer needs on the config"),
  configMembersOnly: z.boolean().optional().transform((b) => b ?? false)
    .describe("Only people named as the config's editors or maintainers may approve"),
});
export const ApprovalRuleDto = z.object({
  environmentId: z.string(),
  requiredApprovals: z.number().int(),
  minRole: z.enum(APPROVER_RANKS),
  configMembersOnly: z.boolean(),
  updatedBy: z.string(),
  updatedAt: time,
});

const proposalFields = {
  title: textField("title", 200).optional(),
  description: textField("description", 10_000).optional(),
  reviewers: z.array(email).max(LIMITS.maxChangeRequestReviewers).optional(),
};
const configBody = z.strictObject({
  ...configFields,
  // Fields of the GET answer, accepted and ignored so GET → edit → propose works.
  name: configNameSchema("name").optional(),
  id: z.unknown().optional(),
  version: z.unknown().optional(),
  createdAt: z.unknown().optional(),
  updatedAt: z.unknown().optional(),
}).describe("The config's whole state, as PUT takes it");
const createBody = z.strictObject({
  ...proposalFields,
  config: configBody,
  baseVersion: z.number().int().min(1).optional()
    .describe("The version the change is based on; another current version is a 409"),
});
const commentBody = z.strictObject({ body: textField("body", 10_000).min(1, "body is empty") });
const reviewBody = z.strictObject({ comment: textField("comment", 10_000).optional() }).optional();
const STATUSES = ["open", "applied", "rejected", "withdrawn", "superseded"] as const;
const listQuery = z.object({
  status: z.enum(STATUSES, { error: `status must be one of ${STATUSES.join(", ")}` }).optional(),
  config: configNameSchema("config").optional(),
  waitingForMe: z.enum(["true", "false"], { error: 'waitingForMe must be "true" or "false"' })
    .optional(),
});

const who = z.object({ type: z.string(), id: z.string().nullable(), label: z.string() });
export const ChangeRequestDto = z.object({
  id: z.string(),
  configName: z.string(),
  environmentIds: z.array(z.string()).describe("The protected environments it changes"),
  title: z.string(),
  description: z.string(),
  reviewers: z.array(z.string()),
  status: z.enum(STATUSES),
  state: z.unknown().describe("The proposed full state"),
  baseState: z.unknown().describe("The state it was based on"),
  baseVersion: z.number().int(),
  sensitive: z.boolean().describe(
    "Its values are sensitive: stored encrypted; lists, audit rows and webhooks mask them",
  ),
  values: z.enum(["changed", "unchanged"]).optional()
    .describe("On a masked (sensitive) request in a list: whether it changes the values"),
  setsSensitive: z.boolean().nullable()
    .describe("The sensitivity applying it sets; null keeps the config's"),
  currentVersion: z.number().int().nullable(),
  stale: z.boolean().describe("The config moved on from baseVersion: rebase it to apply it"),
  author: who,
  requirement: z.object({
    requiredApprovals: z.number().int(),
    minRole: z.enum(APPROVER_RANKS),
    configMembersOnly: z.boolean(),
  }),
  approvedBy: z.array(z.string()),
  changesRequestedBy: z.array(z.string()),
  reviewRefusal: z.string().nullable().describe("Why you may not review it; null: you may"),
  isAuthor: z.boolean(),
  events: z.array(z.object({
    kind: z.string(),
    actor: who,
    body: z.string(),
    createdAt: time,
  })),
  createdAt: time,
  updatedAt: time,
  closedAt: time.nullable(),
  closedBy: z.string().nullable(),
  appliedVersion: z.number().int().nullable(),
  supersededBy: z.string().nullable(),
});

const toDto = (v: crs.ChangeRequestView) => ({
  id: v.id,
  configName: v.configName,
  environmentIds: v.environmentIds,
  title: v.title,
  description: v.description,
  reviewers: v.reviewers,
  status: v.status,
  state: v.state,
  baseState: v.baseState,
  baseVersion: v.baseVersion,
  sensitive: v.sensitive,
  ...(v.values ? { values: v.values } : {}),
  setsSensitive: v.setsSensitive,
  currentVersion: v.currentVersion,
  stale: v.stale,
  author: v.author,
  requirement: v.requirement,
  approvedBy: v.approvedBy,
  changesRequestedBy: v.changesRequestedBy,
  reviewRefusal: v.reviewRefusal,
  isAuthor: v.isAuthor,
  events: v.events.map((e) => ({
    kind: e.kind,
    actor: e.actor,
    body: e.body,
    createdAt: e.createdAt,
  })),
  createdAt: v.createdAt,
  updatedAt: v.updatedAt,
  closedAt: v.closedAt,
  closedBy: v.closedBy,
  appliedVersion: v.appliedVersion,
  supersededBy: v.supersededBy,
});

type ProjectParams = z.infer<typeof projectParams>;
type EnvParams = z.infer<typeof envParams>;
type CrParams = z.infer<typeof crParams>;

async function listApprovalRules({ deps, params, caller }: Input<ProjectParams, void, void>) {
  return { rules: await rules.listApprovalRules(deps.store, await caller(), params.projectId) };
}

async function setApprovalRule(
  { deps, params, body, caller }: Input<EnvParams, void, z.infer<typeof ruleBody>>,
) {
  const rule = await rules.setApprovalRule(
    deps.store,
    await caller(),
    params.projectId,
    params.environmentId,
    body,
  );
  return rule!;
}

async function deleteApprovalRule({ deps, params, caller }: Input<EnvParams, void, void>) {
  await rules.setApprovalRule(
    deps.store,
    await caller(),
    params.projectId,
    params.environmentId,
    null,
  );
  return null;
}

async function openChangeRequest(
  { deps, params, body, caller }: Input<
    z.infer<typeof configParams>,
    void,
    z.infer<typeof createBody>
  >,
) {
  const { config, ...rest } = body;
  const input = {
    description: config.description,
    editors: config.editors,
    maintainers: config.maintainers,
    base: config.base,
    variants: config.variants,
    sensitive: config.sensitive,
  };
  return toDto(
    await crs.openChangeRequest(deps.store, await caller(), params.projectId, params.name, {
      ...rest,
      config: input,
    }),
  );
}

async function listChangeRequests(
  { deps, params, query, caller }: Input<ProjectParams, z.infer<typeof listQuery>, void>,
) {
  const list = await crs.listChangeRequests(deps.store, await caller(), params.projectId, {
    status: query.status ?? null,
    configName: query.config ?? null,
    waitingForMe: query.waitingForMe === "true",
  });
  return { changeRequests: list.map(toDto) };
}

async function getChangeRequest({ deps, params, caller }: Input<CrParams, void, void>) {
  return toDto(
    await crs.getChangeRequest(
      deps.store,
      await caller(),
      params.projectId,
      params.changeRequestId,
    ),
  );
}

async function commentOnChangeRequest(
  { deps, params, body, caller }: Input<CrParams, void, z.infer<typeof commentBody>>,
) {
  return toDto(
    await crs.commentOn(
      deps.store,
      await caller(),
      params.projectId,
      params.changeRequestId,
      body.body,
    ),
  );
}

const reviewWith = (verdict: crs.Verdict) =>
async (
  { deps, params, body, caller }: Input<CrParams, void, z.infer<typeof reviewBody>>,
) =>
  toDto(
    await crs.review(
      deps.store,
      await caller(),
      params.projectId,
      params.changeRequestId,
      verdict,
      body?.comment ?? "",
    ),
  );
const approveChangeRequest = reviewWith("approve");
const requestChangesOnChangeRequest = reviewWith("request_changes");
const rejectChangeRequest = reviewWith("reject");

async function withdrawChangeRequest(
  { deps, params, body, caller }: Input<CrParams, void, z.infer<typeof reviewBody>>,
) {
  return toDto(
    await crs.withdraw(
      deps.store,
      await caller(),
      params.projectId,
      params.changeRequestId,
      body?.comment ?? "",
    ),
  );
}

async function rebaseChangeRequest({ deps, params, caller }: Input<CrParams, void, void>) {
  const { changeRequest, conflicts } = await crs.rebase(
    deps.store,
    await caller(),
    params.projectId,
    params.changeRequestId,
  );
  return { changeRequest: toDto(changeRequest), conflicts };
}

const CR = "/projects/{projectId}/change-requests/{changeRequestId}";
const verb = (path: string, action: string, handle: typeof approveChangeRequest) =>
  route({
    method: "post",
    path: `${CR}/${path}`,
    action,
    tag,
    params: crParams,
    body: reviewBody,
    response: ChangeRequestDto,
    handle,
  });

export const changeRequestRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/approval-rules",
    action: "list approval rules",
    tag,
    params: projectParams,
    response: z.object({ rules: z.array(ApprovalRuleDto) }),
    handle: listApprovalRules,
  }),
  route({
    method: "put",
    path: "/projects/{projectId}/environments/{environmentId}/approval-rule",
    action: "require approval in the environment",
    tag,
    params: envParams,
    body: ruleBody,
    response: ApprovalRuleDto,
    handle: setApprovalRule,
  }),
  route({
    method: "delete",
    path: "/projects/{projectId}/environments/{environmentId}/approval-rule",
    action: "stop requiring approval in the environment",
    tag,
    params: envParams,
    status: 204,
    handle: deleteApprovalRule,
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/configs/{name}/change-requests",
    action: "open a change request",
    tag,
    params: configParams,
    body: createBody,
    status: 201,
    response: ChangeRequestDto,
    handle: openChangeRequest,
  }),
  route({
    method: "get",
    path: "/projects/{projectId}/change-requests",
    action: "list change requests",
    tag,
    params: projectParams,
    query: listQuery,
    response: z.object({ changeRequests: z.array(ChangeRequestDto) }),
    handle: listChangeRequests,
  }),
  route({
    method: "get",
    path: CR,
    action: "read the change request",
    tag,
    params: crParams,
    response: ChangeRequestDto,
    handle: getChangeRequest,
  }),
  route({
    method: "post",
    path: `${CR}/comments`,
    action: "comment on the change request",
    tag,
    params: crParams,
    body: commentBody,
    response: ChangeRequestDto,
    handle: commentOnChangeRequest,
  }),
  verb("approve", "approve the change request", approveChangeRequest),
  verb("request-changes", "request changes on the change request", requestChangesOnChangeRequest),
  verb("reject", "reject the change request", rejectChangeRequest),
  verb("withdraw", "withdraw the change request", withdrawChangeRequest),
  route({
    method: "post",
    path: `${CR}/rebase`,
    action: "rebase the change request",
    tag,
    params: crParams,
    status: 201,
    response: z.object({
      changeRequest: ChangeRequestDto,
      conflicts: z.array(z.string()).describe("Parts both it and the config changed since"),
    }),
    handle: rebaseChangeRequest,
  }),
];
