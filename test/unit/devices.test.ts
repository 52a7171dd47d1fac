import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DevicePool, deviceSlots } from '../../src/core/directions/devices';

const gpu = (name: string) => ({ name, memoryMb: 16_000 });

describe('device allocation', () => {
  test('GPUs are dealt out: several per slot when there are more, shared when fewer', () => {
    const four = deviceSlots({ cpus: 8, gpus: [gpu('a'), gpu('b'), gpu('c'), gpu('d')] }, 2);
    assert.deepEqual(four.map((s) => s.env.CUDA_VISIBLE_DEVICES), ['0,2', '1,3']);
    const one = deviceSlots({ cpus: 8, gpus: [gpu('a')] }, 2);
    assert.deepEqual(one.map((s) => s.label), ['GPU 0', 'GPU 0']);
  });

  test('configured visible devices narrow the GPUs', () => {
    const slots = deviceSlots({ cpus: 8, gpus: [gpu('a'), gpu('b'), gpu('c')] }, 2, '2, 0');
    assert.deepEqual(slots.map((s) => s.env.CUDA_VISIBLE_DEVICES), ['2', '0']);
  });

  test('without GPUs the cores are split and every thread variable says so', () => {
    const slots = deviceSlots({ cpus: 7, gpus: [] }, 3);
    assert.equal(slots.length, 3);
    for (const slot of slots) {
      assert.equal(slot.label, '2 CPU threads');
      assert.equal(slot.env.OMP_NUM_THREADS, '2');
      assert.equal(slot.env.MKL_NUM_THREADS, '2');
      assert.equal(slot.env.CUDA_VISIBLE_DEVICES, undefined);
    }
    assert.equal(deviceSlots({ cpus: 2, gpus: [] }, 4)[0]!.label, '1 CPU thread');
  });

  test('the pool hands each slot to one direction at a time', () => {
    const pool = new DevicePool(deviceSlots({ cpus: 4, gpus: [gpu('a'), gpu('b')] }, 2));
    const first = pool.take();
    const second = pool.take();
    assert.notEqual(first.env.CUDA_VISIBLE_DEVICES, second.env.CUDA_VISIBLE_DEVICES);
    assert.equal(pool.available, 0);
    assert.throws(() => pool.take(), /No free device slot/);
    pool.give(first);
    assert.equal(pool.take(), first);
  });
});
