namespace Sluice.Engine.Execution.Composite;

/// <summary>Composite actions, whose steps run inside the calling step; Actions/ActionLocator finds them.</summary>
internal static class CompositeAction
{
    /// <summary>GitHub's limit on composite actions calling composite actions.</summary>
    public const int MaxDepth = 10;
}
