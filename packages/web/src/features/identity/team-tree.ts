// Departments arrive as a flat list; these helpers build the tree from parentId.
import type { Team } from '@kehu/shared';

export interface TeamNode {
  team: Team;
  children: TeamNode[];
}

export function buildTeamTree(teams: Team[]): TeamNode[] {
  const nodes = new Map<string, TeamNode>();
  for (const team of teams) nodes.set(team.id, { team, children: [] });
  const roots: TeamNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.team.parentId ? nodes.get(node.team.parentId) : undefined;
    // A parent outside the list (not visible, or a broken link) puts the team at the top.
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: TeamNode[]) => {
    list.sort((a, b) => a.team.name.localeCompare(b.team.name));
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

/** The ids of a team and everything below it: a team cannot move under itself. */
export function subtreeIds(teams: Team[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const team of teams) {
      if (team.parentId && ids.has(team.parentId) && !ids.has(team.id)) {
        ids.add(team.id);
        grew = true;
      }
    }
  }
  return ids;
}

export interface TeamTreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children: TeamTreeOption[];
}

export function teamTreeOptions(teams: Team[], disabledIds: Set<string> = new Set()): TeamTreeOption[] {
  const toOption = (node: TeamNode): TeamTreeOption => ({
    value: node.team.id,
    title: node.team.name,
    disabled: disabledIds.has(node.team.id),
    children: node.children.map(toOption),
  });
  return buildTeamTree(teams).map(toOption);
}
