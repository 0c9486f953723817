namespace Sluice.Security.Tokens;

/// <summary>
/// What a token may do. <see cref="Read"/>, <see cref="Trigger"/> and <see cref="Admin"/> are held by people and
/// automation, each allowing what the one before it allows and more. <see cref="Agent"/> is a one-time registration
/// token that <c>sluice agent --token</c> exchanges for an <see cref="AgentCredential"/>, the agent's own long-lived
/// credential, which is good only for the agent endpoints.
/// </summary>
public enum TokenScope
{
    Read,
    Trigger,
    Admin,
    Agent,
    AgentCredential,
}
