namespace Sluice.Workflows.Validation;

/// <summary>Tarjan's algorithm, iterative so that a chain of thousands of jobs cannot overflow the stack.</summary>
internal static class StronglyConnectedComponents
{
    public static Dictionary<string, int> Find(IEnumerable<string> nodes, Func<string, IEnumerable<string>> successors)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var low = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var component = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var onStack = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var stack = new Stack<string>();
        var next = 0;
        var components = 0;

        foreach (var start in nodes)
        {
            if (index.ContainsKey(start))
            {
                continue;
            }

            var work = new Stack<(string Node, IEnumerator<string> Edges)>();
            Visit(start);
            while (work.Count > 0)
            {
                var (node, edges) = work.Peek();
                if (edges.MoveNext())
                {
                    var successor = edges.Current;
                    if (!index.ContainsKey(successor))
                    {
                        Visit(successor);
                    }
                    else if (onStack.Contains(successor))
                    {
                        low[node] = Math.Min(low[node], index[successor]);
                    }

                    continue;
                }

                work.Pop();
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node])
                {
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component[member] = components;
                    }
                    while (!string.Equals(member, node, StringComparison.OrdinalIgnoreCase));

                    components++;
                }
            }

            void Visit(string node)
            {
                index[node] = low[node] = next++;
                stack.Push(node);
                onStack.Add(node);
                work.Push((node, successors(node).GetEnumerator()));
            }
        }

        return component;
    }
}
