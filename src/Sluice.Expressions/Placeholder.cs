namespace Sluice.Expressions;

internal static class Placeholder;
