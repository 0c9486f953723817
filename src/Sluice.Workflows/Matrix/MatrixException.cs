namespace Sluice.Workflows.Matrix;

/// <summary>A matrix that cannot be expanded; the message says which part of <c>strategy.matrix</c> to fix.</summary>
public sealed class MatrixException(string message) : Exception(message);
