// imported first by main.ts: the instrumentations must patch modules before anything loads them
import { startTracing } from '@mstore/platform/tracing';

startTracing('order-service');
