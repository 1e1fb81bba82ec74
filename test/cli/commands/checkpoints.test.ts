/**
 * `checkpoints <job>` lists checkpoints; `checkpoints share|permissions|revoke` manage who may use
 * a fine-tuned model or checkpoint, with the admin key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';
import {
  completedJob,
  type SimulatorServer,
  startSimulatorServer,
  TEST_API_KEY,
} from '../helpers/simulator-server.js';

const PROJECT_A = 'proj_abGMw1llN8IrBb6SvvY5A1iH';
const PROJECT_B = 'proj_iqGMw1llN8IrBb6SvvY5A1oF';

let server: SimulatorServer;
beforeAll(async () => {
  server = await startSimulatorServer();
});
afterAll(() => server.close());

const run = (args: string[]) => runCliInProcess(['checkpoints', ...args], { simulator: server.sim });

describe('checkpoints', () => {
  it('still lists the checkpoints of a job', async () => {
    const { id, model } = await completedJob(server);
    const listed = await run([id, '--json']);
    expect(listed.code).toBe(ExitCode.ok);
    const { checkpoints } = JSON.parse(listed.stdout) as {
      checkpoints: { fine_tuned_model_checkpoint: string }[];
    };
    expect(checkpoints.at(-1)?.fine_tuned_model_checkpoint).toBe(model);
    expect(Object.keys(checkpoints[0]!)).not.toContain('share');
  });

  it('shares with projects (repeated or comma-separated), lists the grants, and revokes one', async () => {
    const { model } = await completedJob(server);
    const shared = await run(['share', model, '--project', `${PROJECT_A},${PROJECT_B}`, '--json']);
    expect(shared.code).toBe(ExitCode.ok);
    const { checkpoint, permissions } = JSON.parse(shared.stdout) as {
      checkpoint: string;
      permissions: { id: string; project_id: string; object: string }[];
    };
    expect(checkpoint).toBe(model);
    expect(permissions.map((permission) => permission.project_id)).toEqual([PROJECT_A, PROJECT_B]);
    expect(permissions[0]?.object).toBe('checkpoint.permission');

    const table = await run(['permissions', model]);
    expect(table.code).toBe(ExitCode.ok);
    expect(table.stdout).toMatch(/PROJECT\s+PERMISSION\s+CREATED \(UTC\)/);
    expect(table.stdout).toContain(permissions[1]!.id);
    const one = await run(['permissions', model, '--project', PROJECT_B, '--json']);
    expect(JSON.parse(one.stdout).permissions).toEqual([permissions[1]]);

    const revoked = await run(['revoke', model, permissions[0]!.id]);
    expect(revoked).toMatchObject({
      code: ExitCode.ok,
      stdout: `✓ revoked ${permissions[0]!.id} on ${model}\n`,
    });
    const left = await run(['permissions', model, '--json']);
    expect(JSON.parse(left.stdout).permissions.map((permission: { id: string }) => permission.id)).toEqual([
      permissions[1]!.id,
    ]);
  });

  it('says when nothing is shared, and reports refusals of the API', async () => {
    const { model } = await completedJob(server);
    const checkpoint = `${model.split(':').slice(0, 5).join(':')}:ckpt-step-10`;
    expect((await run(['permissions', model])).stdout).toBe(`${model} is not shared with any project.\n`);
    const unknownProject = await run(['share', model, '--project', 'proj_nope']);
    expect(unknownProject.code).not.toBe(ExitCode.ok);
    expect(unknownProject.stderr).toContain("Project 'proj_nope' not found.");
    await run(['share', model, '--project', PROJECT_A]);
    const twice = await run(['share', model, '--project', PROJECT_A]);
    expect(twice.stderr).toContain(`Project '${PROJECT_A}' already has access to ${model}.`);
    const unknownCheckpoint = await run(['permissions', `${checkpoint}xyz`]);
    expect(unknownCheckpoint.stderr).toContain('does not exist');
  });

  it('refuses bad arguments with usage errors', async () => {
    const { model } = await completedJob(server);
    const noProject = await run(['share', model]);
    expect(noProject.code).toBe(ExitCode.usage);
    expect(noProject.stderr).toContain('Name at least one project: --project proj_….');
    const notModel = await run(['share', 'ftjob-abc123', '--project', PROJECT_A]);
    expect(notModel.code).toBe(ExitCode.usage);
    expect(notModel.stderr).toContain('is not a fine-tuned model or checkpoint name');
    expect((await run(['revoke', model])).code).toBe(ExitCode.usage);
  });

  it('needs OPENAI_ADMIN_KEY against a real API, and uses it when set', async () => {
    const { model } = await completedJob(server);
    const withoutAdmin = await runCliInProcess(['checkpoints', 'permissions', model], {
      env: { ...server.env, NO_COLOR: '1' },
    });
    expect(withoutAdmin.code).toBe(ExitCode.auth);
    expect(withoutAdmin.stderr).toContain('OPENAI_ADMIN_KEY is not set');
    const withAdmin = await runCliInProcess(
      ['checkpoints', 'share', model, '--project', PROJECT_A, '--json'],
      {
        env: { ...server.env, OPENAI_ADMIN_KEY: TEST_API_KEY, NO_COLOR: '1' },
      },
    );
    expect(withAdmin.code).toBe(ExitCode.ok);
    expect(JSON.parse(withAdmin.stdout).permissions[0].project_id).toBe(PROJECT_A);
  });

  it('lists the subcommands in its help', async () => {
    const help = await runCliInProcess(['checkpoints', '--help']);
    expect(help.stdout).toContain('checkpoints share');
    expect(help.stdout).toContain('checkpoints permissions');
    expect(help.stdout).toContain('checkpoints revoke');
  });
});
