namespace Sluice.Expressions;

internal enum FunctionId : byte
{
    Contains,
    StartsWith,
    EndsWith,
    Format,
    Join,
    ToJson,
    FromJson,
    Case,
    HashFiles,
    Success,
    Always,
    Cancelled,
    Failure,
}
