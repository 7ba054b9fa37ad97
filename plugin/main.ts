/** Entry point of the `pulumi-resource-apigw-vpc` plugin (bin/): the engine starts it and talks gRPC. */
import { main } from "@pulumi/pulumi/provider";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ComponentProvider } from "./provider";

const { version } = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as { version: string };
void main(new ComponentProvider(version), process.argv.slice(2));
