using BenchmarkDotNet.Running;
using Shop.Benchmarks;

// Run with: dotnet run -c Release -- --filter '*' --job short --exporters json
BenchmarkSwitcher.FromAssembly(typeof(PricingBenchmarks).Assembly).Run(args);
