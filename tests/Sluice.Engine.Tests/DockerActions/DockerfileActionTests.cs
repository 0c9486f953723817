using Sluice.Engine.Execution;
using Sluice.Engine.Tests.Containers;
using Sluice.Engine.Tests.Execution;

namespace Sluice.Engine.Tests.DockerActions;

/// <summary>Docker actions built from a Dockerfile of the action (a class of their own, so that their builds run alongside the other Docker tests).</summary>
public sealed class DockerfileActionTests
{
    [Fact]
    public async Task A_local_Dockerfile_action_gets_inputs_and_outputs_runs_its_post_entrypoint_and_is_built_only_once()
    {
        // A Dockerfile of its own for this test, so that the first run builds it whatever earlier runs left in the engine.
        var files = new[]
        {
            ("greet/action.yml", """
                name: greet
                inputs:
                  who: { required: true }
                  punctuation: { default: "!" }
                outputs:
                  greeting: { description: the greeting }
                runs:
                  using: docker
                  image: Dockerfile
                  args: ["${{ inputs.who }}"]
                  env:
                    STYLE: loud${{ inputs.punctuation }}
                  post-entrypoint: /post.sh
                """),
            ("greet/Dockerfile", $"""
                FROM {TestEngine.Busybox}
                # {Guid.NewGuid()}
                COPY entrypoint.sh post.sh /
                RUN chmod +x /entrypoint.sh /post.sh
                ENTRYPOINT ["/entrypoint.sh"]
                """),
            ("greet/entrypoint.sh", """
                #!/bin/sh
                echo "hello $1$INPUT_PUNCTUATION ($INPUT_WHO, $STYLE) in $PWD"
                echo "greeting=hello $1" >> "$GITHUB_OUTPUT"
                echo "saved=for-post" >> "$GITHUB_STATE"
                """),
            ("greet/post.sh", """
                #!/bin/sh
                echo "post sees $STATE_saved and $INPUT_WHO"
                """),
        };
        const string Workflow = """
            on: push
            jobs:
              local-docker:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - id: greet
                    uses: ./greet
                    with: { who: world }
                  - run: echo "output=${{ steps.greet.outputs.greeting }}"
            """;
        using var first = new WorkflowRun(Workflow, files);
        using var second = new WorkflowRun(Workflow, files);

        var firstResult = await first.RunAsync(containers: TestEngine.Source());
        var secondResult = await second.RunAsync(containers: TestEngine.Source());

        var lines = first.Observer.LinesOf("local-docker").ToList();
        Assert.True(firstResult.Conclusion == Conclusion.Success, Describe(first));
        Assert.Contains("hello world! (world, loud!) in /github/workspace", lines);
        Assert.Contains("output=hello world", lines);
        Assert.Contains("post sees for-post and world", lines);
        Assert.Contains("step-end local-docker post-greet success", first.Observer.Events);
        Assert.Contains(lines, l => l.StartsWith("Building localhost/sluice-actions/greet:", StringComparison.Ordinal));

        Assert.True(secondResult.Conclusion == Conclusion.Success, Describe(second));
        Assert.Contains(second.Observer.LinesOf("local-docker"), l => l.StartsWith("Using the image built before", StringComparison.Ordinal));
        Assert.DoesNotContain(second.Observer.LinesOf("local-docker"), l => l.StartsWith("Building ", StringComparison.Ordinal));
        Assert.Contains("output=hello world", second.Observer.LinesOf("local-docker"));
        Assert.Empty(await TestEngine.LeftoversAsync("local-docker"));
    }

    [Fact]
    public async Task A_Dockerfile_whose_base_image_the_engine_lacks_fails_saying_offline_builds_need_local_images()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              docker-no-base:
                runs-on: x
                steps:
                  - uses: actions/checkout@v4
                  - uses: ./broken
            """,
            ("broken/action.yml", "name: broken\nruns:\n  using: docker\n  image: Dockerfile\n"),
            ("broken/Dockerfile", $"FROM localhost/sluice-test/not-there-{Guid.NewGuid():N}:latest\n"));

        var result = await run.RunAsync(containers: TestEngine.Source());

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains(run.Observer.Annotations, a => a.Job == "docker-no-base" && a.Message.Contains("can only start FROM images the engine already has", StringComparison.Ordinal));
    }

    private static string Describe(WorkflowRun run) =>
        string.Join("\n", run.Observer.Lines.Select(l => $"{l.Job}: {l.Text}").Concat(run.Observer.Annotations.Select(a => $"{a.Level}: {a.Message}")));
}
