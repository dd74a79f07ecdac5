import { stableId } from "../stable-id";

/** A stable UUID for a demo row, from its name: the seed gives the same ids on every run. */
export function demoId(key: string): string {
  return stableId(`trellis-demo:${key}`);
}
