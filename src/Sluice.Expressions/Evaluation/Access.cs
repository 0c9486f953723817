namespace Sluice.Expressions;

/// <summary>Property, index and wildcard access, including GitHub's filtered-array semantics.</summary>
internal static class Access
{
    public static ExpressionValue Property(ExpressionValue target, string name)
    {
        if (target is ArrayValue { IsFiltered: true } filtered)
        {
            var result = new ArrayValue(filtered.Count, isFiltered: true);
            foreach (var item in filtered.Items)
            {
                if (item is ObjectValue obj && obj.TryGetValue(name, out var found))
                {
                    result.Add(found);
                }
            }

            return result;
        }

        return target is ObjectValue o && o.TryGetValue(name, out var value) ? value : ExpressionValue.Null;
    }

    public static ExpressionValue Index(ExpressionValue target, ExpressionValue index)
    {
        if (target is ArrayValue { IsFiltered: true } filtered)
        {
            var result = new ArrayValue(filtered.Count, isFiltered: true);
            var key = KeyOf(index);
            var position = PositionOf(index);
            foreach (var item in filtered.Items)
            {
                if (TryIndex(item, key, position, out var found))
                {
                    result.Add(found);
                }
            }

            return result;
        }

        return target switch
        {
            ArrayValue array => TryIndex(array, null, PositionOf(index), out var item) ? item : ExpressionValue.Null,
            ObjectValue obj => TryIndex(obj, KeyOf(index), -1, out var property) ? property : ExpressionValue.Null,
            _ => ExpressionValue.Null,
        };
    }

    public static ExpressionValue Wildcard(ExpressionValue target)
    {
        switch (target)
        {
            case ArrayValue { IsFiltered: true } filtered:
                var flattened = new ArrayValue(filtered.Count, isFiltered: true);
                foreach (var item in filtered.Items)
                {
                    AddChildren(flattened, item);
                }

                return flattened;
            default:
                var result = new ArrayValue(target is ArrayValue a ? a.Count : 4, isFiltered: true);
                AddChildren(result, target);
                return result;
        }
    }

    private static void AddChildren(ArrayValue destination, ExpressionValue source)
    {
        if (source is ArrayValue array)
        {
            foreach (var item in array.Items)
            {
                destination.Add(item);
            }
        }
        else if (source is ObjectValue obj)
        {
            foreach (var property in obj.PropertyList)
            {
                destination.Add(property.Value);
            }
        }
    }

    // Objects are indexed by the index's string form; arrays and objects never name a key.
    private static string? KeyOf(ExpressionValue index) =>
        index.Kind is ValueKind.Array or ValueKind.Object ? null : index.ToDisplayString();

    // Arrays are indexed by the index's number form, rounded down; NaN and negatives find nothing.
    private static int PositionOf(ExpressionValue index)
    {
        var number = index.ToNumber();
        if (double.IsNaN(number) || number < 0d || number >= int.MaxValue)
        {
            return -1;
        }

        return (int)Math.Floor(number);
    }

    private static bool TryIndex(ExpressionValue target, string? key, int position, out ExpressionValue value)
    {
        if (target is ArrayValue array)
        {
            if (position >= 0 && position < array.Count)
            {
                value = array[position];
                return true;
            }
        }
        else if (target is ObjectValue obj && key is not null)
        {
            return obj.TryGetValue(key, out value);
        }

        value = ExpressionValue.Null;
        return false;
    }
}
