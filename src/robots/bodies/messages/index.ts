export * from './common.js';
export * from './geometry.js';
export * from './std.js';
export * from './joints.js';
export * from './detections.js';
export * from './images.js';
export * from './png.js';
export * from './wire.js';
