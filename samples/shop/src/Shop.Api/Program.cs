using Shop.Api;

await ShopApp.Create(args).RunAsync();
