/** `cortex-ops schema`: the config's JSON Schema, for editors. */
import { z } from 'zod';
import { configSchema } from '../../config/schema.js';

/** The JSON Schema of cortex-ops.yaml. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input' }),
    $id: 'https://cortex-ops.invalid/schema/cortex-ops.yaml.json',
    title: 'cortex-ops.yaml',
  };
}

export async function run(): Promise<number> {
  process.stdout.write(JSON.stringify(configJsonSchema(), null, 2) + '\n');
  return 0;
}
