using Sluice.Engine.Steps;

namespace Sluice.Engine.Execution.Actions;

/// <summary>
/// The job's output handling for one JavaScript action: lines and annotations go to the job as usual, but
/// <c>save-state</c> belongs to the action, whose later stages read it as <c>STATE_&lt;name&gt;</c>.
/// </summary>
internal sealed class ActionStateTarget(IJobOutputTarget job, Dictionary<string, string> actionState) : IJobOutputTarget
{
    public string JobKey => job.JobKey;

    public SecretMasker Masker => job.Masker;

    public IRunObserver Observer => job.Observer;

    public void SaveState(string name, string value) => actionState[name] = value;

    public void SetEnv(string name, string value) => job.SetEnv(name, value);

    public void AddPath(string path) => job.AddPath(path);
}
