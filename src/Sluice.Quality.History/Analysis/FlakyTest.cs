namespace Sluice.Quality.History;

/// <summary>A test believed flaky. <see cref="FailureRate"/> is over its <see cref="Runs"/> non-skipped runs in the window.</summary>
public sealed record FlakyTest(string Id, FlakySignals Signals, double FailureRate, int Runs, bool Quarantined, bool FailingNow);
