// Moved to src/domain/render.ts. Kept only until src/http/admin/evaluate.ts imports from there.
export { bodyFor, renderWire } from "../domain/render.ts";
