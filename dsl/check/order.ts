/**
 * Finds the cycles of a dependency graph and, when there are none, an order in which every
 * node comes after the nodes it depends on (declaration order breaks ties).
 */
export function dependencyOrder(nodes: readonly string[], dependsOn: ReadonlyMap<string, ReadonlySet<string>>):
  { order: string[]; cycles: string[][] } {
  const cycles = findCycles(nodes, dependsOn);
  if (cycles.length > 0) return { order: [], cycles };
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < nodes.length) {
    const next = nodes.find((node) => !placed.has(node) && [...(dependsOn.get(node) ?? [])].every((dep) => placed.has(dep) || !nodes.includes(dep)));
    if (next === undefined) break;
    order.push(next);
    placed.add(next);
  }
  return { order, cycles };
}

/**
 * One cycle per strongly connected component that loops (Tarjan), each written as a path
 * that starts and ends at its earliest-declared node: a → b → a.
 */
function findCycles(nodes: readonly string[], dependsOn: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const strongConnect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const dep of dependsOn.get(node) ?? []) {
      if (!nodes.includes(dep)) continue;
      if (!index.has(dep)) {
        strongConnect(dep);
        low.set(node, Math.min(low.get(node)!, low.get(dep)!));
      } else if (onStack.has(dep)) {
        low.set(node, Math.min(low.get(node)!, index.get(dep)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const loops = component.length > 1 || dependsOn.get(node)?.has(node);
      if (loops) components.push(component);
    }
  };
  for (const node of nodes) if (!index.has(node)) strongConnect(node);
  return components.map((component) => pathThrough(component, nodes, dependsOn))
    .sort((a, b) => nodes.indexOf(a[0]!) - nodes.indexOf(b[0]!));
}

/** A shortest walk from the component's first-declared node back to itself. */
function pathThrough(component: readonly string[], nodes: readonly string[], dependsOn: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const members = new Set(component);
  const start = [...component].sort((a, b) => nodes.indexOf(a) - nodes.indexOf(b))[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const dep of [...(dependsOn.get(node) ?? [])].sort((a, b) => nodes.indexOf(a) - nodes.indexOf(b))) {
      if (!members.has(dep)) continue;
      if (dep === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = previous.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(dep)) {
        previous.set(dep, node);
        queue.push(dep);
      }
    }
  }
  return [start, start];
}
