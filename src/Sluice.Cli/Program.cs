using Sluice.Cli;

return SluiceCli.Run(args, CliConsole.FromSystemConsole());
