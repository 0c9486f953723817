namespace Sluice.Triggers.Webhooks;

/// <summary>The git host that sent a webhook delivery, told apart by its headers.</summary>
public enum WebhookHost
{
    GitHub,
    Gitea,
    Forgejo,
    GitLab,
}
