using Engram.Cli;

return EngramCli.Run(args, Engram.Generated.ExperimentCatalog.All);
