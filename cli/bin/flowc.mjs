#!/usr/bin/env node
import '../dist/flowc.mjs';
