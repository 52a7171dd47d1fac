import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatEnvironment } from '../../src/core/task/formatEnvironment';
import { parseGpuList, type Environment } from '../../src/core/task/probeEnvironment';

const base: Environment = {
  python: { path: '/venv/bin/python', version: '3.11.7' },
  cpus: 8,
  ramGb: 31.3,
  gpus: [],
  packages: { pandas: '2.2.3', numpy: '2.1.0', 'scikit-learn': '1.5.2', lightgbm: null, torch: null },
};

describe('formatEnvironment', () => {
  test('hardware, Python, installed packages and the ones the script must not import', () => {
    assert.equal(
      formatEnvironment(base),
      [
        'Hardware: 8 CPU cores, 31.3 GB RAM, no GPU.',
        'Python 3.11.7 (/venv/bin/python).',
        'Installed packages: pandas 2.2.3, numpy 2.1.0, scikit-learn 1.5.2.',
        'NOT installed (the script must not import them): lightgbm, torch.',
      ].join('\n'),
    );
  });

  test('GPUs are grouped; nothing missing means no NOT line', () => {
    const env: Environment = {
      ...base,
      cpus: 1,
      gpus: [
        { name: 'NVIDIA A100-SXM4-40GB', memoryMb: 40960 },
        { name: 'NVIDIA A100-SXM4-40GB', memoryMb: 40960 },
        { name: 'Tesla T4', memoryMb: 15360 },
      ],
      packages: { pandas: '2.2.3' },
    };
    const text = formatEnvironment(env);
    assert.match(text, /^Hardware: 1 CPU core, 31\.3 GB RAM, GPUs: 2 × NVIDIA A100-SXM4-40GB \(40 GB\), Tesla T4 \(15 GB\)\.$/m);
    assert.doesNotMatch(text, /NOT installed/);
  });
});

describe('parseGpuList', () => {
  test('reads nvidia-smi csv rows, including names with commas, and skips junk', () => {
    assert.deepEqual(parseGpuList('NVIDIA GeForce RTX 4090, 24564\nWeird, Name, 8192\n\nNo devices were found\n'), [
      { name: 'NVIDIA GeForce RTX 4090', memoryMb: 24564 },
      { name: 'Weird, Name', memoryMb: 8192 },
    ]);
  });
});
