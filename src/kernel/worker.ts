/// <reference lib="webworker" />

import { setPlatform } from "../engine/index";
import { browserPlatform } from "../engine/platform/browser";
import { Kernel } from "./Kernel";
import type { FromKernel, Request } from "./protocol";

// The kernel worker's entry: register the browser platform, then hand every message to the kernel.
declare const self: DedicatedWorkerGlobalScope;

setPlatform(browserPlatform());
const kernel = new Kernel((message: FromKernel, transfer?: Transferable[]) =>
  self.postMessage(message, transfer ?? []),
);
self.addEventListener("message", (event: MessageEvent<Request>) => void kernel.handle(event.data));
