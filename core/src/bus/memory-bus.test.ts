import { describeBus } from './bus-suite.ts'
import { createMemoryBus } from './memory-bus.ts'

describeBus('memory', async () => createMemoryBus())
