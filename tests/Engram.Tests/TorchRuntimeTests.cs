using TorchSharp;

namespace Engram.Tests;

public class TorchRuntimeTests
{
    [Fact]
    public void Libtorch_loads_and_multiplies_matrices()
    {
        string description = TorchRuntime.EnsureLoaded();
        Assert.Contains("libtorch CPU", description);

        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        using var product = a.matmul(b);

        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
    }
}
