namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task A_webhook_delivery_is_recorded_once_per_repository()
    {
        var shop = await RepositoryAsync("shop");
        var docs = await RepositoryAsync("docs");

        Assert.True(await Store.RecordDeliveryAsync(shop.Id, "72d3162e-cc78-11e3-81ab-4c9367dc0958", "triggered", Start, None).Timed());
        Assert.False(await Store.RecordDeliveryAsync(shop.Id, "72d3162e-cc78-11e3-81ab-4c9367dc0958", "ignored", At(1), None).Timed());
        Assert.True(await Store.RecordDeliveryAsync(docs.Id, "72d3162e-cc78-11e3-81ab-4c9367dc0958", "triggered", At(2), None).Timed());
        Assert.True(await Store.RecordDeliveryAsync(shop.Id, "another delivery", "triggered", At(3), None).Timed());
    }

    [Fact]
    public async Task A_schedule_slot_fires_once_and_the_latest_slot_is_remembered()
    {
        var shop = await RepositoryAsync("shop");
        const string Nightly = "0 2 * * *";
        const string File = ".github/workflows/nightly.yml";

        Assert.Null(await Store.LastScheduleSlotAsync(shop.Id, File, Nightly, None).Timed());
        Assert.True(await Store.FireScheduleSlotAsync(shop.Id, File, Nightly, At(7_200), None).Timed());
        Assert.False(await Store.FireScheduleSlotAsync(shop.Id, File, Nightly, At(7_200), None).Timed());
        Assert.True(await Store.FireScheduleSlotAsync(shop.Id, File, Nightly, At(0), None).Timed());

        Assert.Equal(At(7_200), await Store.LastScheduleSlotAsync(shop.Id, File, Nightly, None).Timed());
        Assert.Null(await Store.LastScheduleSlotAsync(shop.Id, File, "*/5 * * * *", None).Timed());
        Assert.Null(await Store.LastScheduleSlotAsync(shop.Id, ".github/workflows/other.yml", Nightly, None).Timed());
        Assert.True(await Store.FireScheduleSlotAsync(shop.Id, ".github/workflows/other.yml", Nightly, At(7_200), None).Timed());
        Assert.True(await Store.FireScheduleSlotAsync((await RepositoryAsync("docs")).Id, File, Nightly, At(7_200), None).Timed());
    }
}
